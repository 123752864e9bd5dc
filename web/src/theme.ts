import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';
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
