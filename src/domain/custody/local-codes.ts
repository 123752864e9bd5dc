import type { CellSource } from '../protocol/schema.js';

/**
 * Product codes when the clinic has no ICCBBA-licensed product database: local codes (α = D,
 * ST-001 §2.4.3) in the cellular-therapy layout, so the sixth character still says "for
 * autologous use only" (1) on every label. A clinic with licensed codes replaces these.
 */
const LOCAL_CODES: Record<CellSource, string> = {
  autologous_bone_marrow: 'D0001100', // bone marrow concentrate, autologous only
  autologous_adipose: 'D0002100', // adipose-derived cells, autologous only
  allogeneic: 'D0003000', // donor product: collection type given by the supplier's own code
};

export function localProductCode(source: CellSource): string {
  return LOCAL_CODES[source];
}
