import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  type MantineColorsTuple,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';
import type { Language } from './i18n';

/** A restrained clinical teal; shade 6 keeps white text above 5:1 contrast. */
const brand: MantineColorsTuple = [
  '#e7f5f5',
  '#cde9ea',
  '#9dd2d4',
  '#6abbbe',
  '#3fa6aa',
  '#1a9197',
  '#0b7479',
  '#095f63',
  '#074a4d',
  '#043537',
];

const LATIN = 'Inter, "Noto Sans Arabic", system-ui, sans-serif';
const ARABIC = '"Noto Sans Arabic", Inter, system-ui, sans-serif';

/**
 * Mantine's "light" badges and alerts put shade-9 text on a pale tint, about 3.6:1 for orange and
 * green; darker text keeps every status badge above 4.5:1 (the brand and grey tints already are).
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.color === 'brand' || parsed.color === 'gray') return colors;
  const shade9 = input.theme.colors[parsed.color]?.[9];
  return shade9 ? { ...colors, color: darken(shade9, 0.3) } : colors;
};

export function makeTheme(lang: Language) {
  const fontFamily = lang === 'ar' ? ARABIC : LATIN;
  return createTheme({
    primaryColor: 'brand',
    primaryShade: 6,
    colors: { brand },
    fontFamily,
    headings: { fontFamily, fontWeight: '600' },
    defaultRadius: 'md',
    cursorType: 'pointer',
    variantColorResolver,
    components: {
      Button: { defaultProps: { radius: 'md' } },
      Card: { defaultProps: { radius: 'lg', withBorder: true, padding: 'lg' } },
      Paper: { defaultProps: { radius: 'lg' } },
    },
  });
}

/** Mantine's default "dimmed" grey and error red are about 3.3:1 on white; these stay above 5.5:1. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c6670', '--mantine-color-error': '#c92a2a' },
  dark: {},
});
