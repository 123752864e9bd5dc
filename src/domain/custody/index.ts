export { characterValue, checkCharacterFor, checkValue, mod37_2 } from './check-character.js';
export {
  type DateTimeKind,
  encodeDateTime,
  type ParsedDateTime,
  parseDateTime,
} from './date-time.js';
export {
  asDin,
  checkFlags,
  type Din,
  type DinParts,
  type DinProblem,
  dinDataStructure,
  dinWithCheck,
  type EyeReadableDin,
  eyeReadable,
  formatDin,
  isFacilityCode,
  type ParsedDin,
  parseDin,
} from './din.js';
export {
  compoundMessage,
  type LabelInput,
  type LabelPatient,
  labelDateTime,
  renderLabel,
  renderWristband,
  type WristbandInput,
} from './label.js';
export {
  asProductCode,
  isAutologousOnly,
  isCellularTherapy,
  isNationalOrLocalProductCode,
  isProductCode,
  type ProductCode,
  parseProductCode,
  productCodeDataStructure,
} from './product-code.js';
export { escapeXml } from './svg.js';
