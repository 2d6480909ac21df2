/**
 * Every rule of the validator, in report order: one module per rule (see README "How to add a
 * validator rule"). A test fails when a rule module under rules/ is missing from this list.
 */
import type { Rule } from '../types.ts';
import FILE1 from './files/FILE1.ts';
import FILE2 from './files/FILE2.ts';
import FILE3 from './files/FILE3.ts';
import JSON1 from './files/JSON1.ts';
import SW1 from './swagger/SW1.ts';
import SW2 from './swagger/SW2.ts';
import SW3 from './swagger/SW3.ts';
import S1 from './definition/S1.ts';
import S2 from './definition/S2.ts';
import S3 from './definition/S3.ts';
import S4 from './definition/S4.ts';
import S5 from './definition/S5.ts';
import S6 from './definition/S6.ts';
import S7 from './definition/S7.ts';
import S8 from './definition/S8.ts';
import S9 from './definition/S9.ts';
import S10 from './definition/S10.ts';
import S11 from './definition/S11.ts';
import S12 from './definition/S12.ts';
import S13 from './definition/S13.ts';
import S14 from './definition/S14.ts';
import S15 from './definition/S15.ts';
import S16 from './definition/S16.ts';
import P1 from './properties/P1.ts';
import P2 from './properties/P2.ts';
import P3 from './properties/P3.ts';
import P4 from './properties/P4.ts';
import P5 from './properties/P5.ts';
import SOP1 from './properties/SOP1.ts';
import CSX1 from './script/CSX1.ts';
import CSX2 from './script/CSX2.ts';
import CSX3 from './script/CSX3.ts';
import CSX4 from './script/CSX4.ts';
import CSX5 from './script/CSX5.ts';
import CSX6 from './script/CSX6.ts';
import CSX7 from './script/CSX7.ts';
import ICON1 from './icon/ICON1.ts';
import ICON2 from './icon/ICON2.ts';
import ICON3 from './icon/ICON3.ts';
import ICON4 from './icon/ICON4.ts';
import ICON5 from './icon/ICON5.ts';
import OP1 from './operations/OP1.ts';
import OP2 from './operations/OP2.ts';
import OP3 from './operations/OP3.ts';
import OP4 from './operations/OP4.ts';
import OP5 from './operations/OP5.ts';
import OP6 from './operations/OP6.ts';
import OP7 from './operations/OP7.ts';
import OP9 from './operations/OP9.ts';
import OP10 from './operations/OP10.ts';
import OP11 from './operations/OP11.ts';
import MD1 from './metadata/MD1.ts';
import MD2 from './metadata/MD2.ts';
import MD3 from './metadata/MD3.ts';
import MD4 from './metadata/MD4.ts';
import MD5 from './metadata/MD5.ts';
import MD6 from './metadata/MD6.ts';
import MD7 from './metadata/MD7.ts';
import MD8 from './metadata/MD8.ts';
import MD9 from './metadata/MD9.ts';
import MD10 from './metadata/MD10.ts';
import MD11 from './metadata/MD11.ts';
import MD12 from './metadata/MD12.ts';
import MD13 from './metadata/MD13.ts';
import MD14 from './metadata/MD14.ts';
import MD15 from './metadata/MD15.ts';
import NS1 from './not-supported/NS1.ts';
import NS2 from './not-supported/NS2.ts';
import NS3 from './not-supported/NS3.ts';
import SEC1 from './security/SEC1.ts';
import SEC2 from './security/SEC2.ts';
import SEC3 from './security/SEC3.ts';
import SEC4 from './security/SEC4.ts';
import WH1 from './webhooks/WH1.ts';
import WH2 from './webhooks/WH2.ts';
import WH3 from './webhooks/WH3.ts';
import WH4 from './webhooks/WH4.ts';

import ARR1 from './arrays/ARR1.ts';
import PAR1 from './parameters/PAR1.ts';
import PAR2 from './parameters/PAR2.ts';
import PAR3 from './parameters/PAR3.ts';
import PAR4 from './parameters/PAR4.ts';
import PRP1 from './properties-catalog/PRP1.ts';
import PRP2 from './properties-catalog/PRP2.ts';
import PRP3 from './properties-catalog/PRP3.ts';
import PRP11 from './properties-catalog/PRP11.ts';
import PRP13 from './properties-catalog/PRP13.ts';
import PRP14 from './properties-catalog/PRP14.ts';
import PRP15 from './properties-catalog/PRP15.ts';
import PRP17 from './properties-catalog/PRP17.ts';
import RSP1 from './response/RSP1.ts';
import RSP3 from './response/RSP3.ts';
import RSP7 from './response/RSP7.ts';
import RSP9 from './response/RSP9.ts';
import PAR5 from './parameters/PAR5.ts';
import PAR6 from './parameters/PAR6.ts';
import PRP4 from './properties-catalog/PRP4.ts';
import PRP5 from './properties-catalog/PRP5.ts';
import PRP6 from './properties-catalog/PRP6.ts';
import PRP7 from './properties-catalog/PRP7.ts';
import PRP8 from './properties-catalog/PRP8.ts';
import PRP9 from './properties-catalog/PRP9.ts';
import PRP10 from './properties-catalog/PRP10.ts';
import PRP12 from './properties-catalog/PRP12.ts';
import PRP16 from './properties-catalog/PRP16.ts';
import PRP18 from './properties-catalog/PRP18.ts';
import RSP2 from './response/RSP2.ts';
import RSP4 from './response/RSP4.ts';
import RSP5 from './response/RSP5.ts';
import RSP6 from './response/RSP6.ts';
import RSP8 from './response/RSP8.ts';

// Catalog rules (Microsoft's Swagger Validator codes), one folder per catalog section, sorted.
// prettier-ignore
const CATALOG_RULES: Rule[] = [
  // Operations
  OP1,
  OP2,
  OP3,
  OP4,
  OP5,
  OP6,
  OP7,
  OP9,
  OP10,
  OP11,
  // Metadata
  MD1,
  MD2,
  MD3,
  MD4,
  MD5,
  MD6,
  MD7,
  MD8,
  MD9,
  MD10,
  MD11,
  MD12,
  MD13,
  MD14,
  MD15,
  // Not supported
  NS1,
  NS2,
  NS3,
  // Security
  SEC1,
  SEC2,
  SEC3,
  SEC4,
  // Webhooks
  WH1,
  WH2,
  WH3,
  WH4,
  // Parameters
  PAR1,
  PAR2,
  PAR3,
  PAR4,
  PAR5,
  PAR6,
  // Properties
  PRP1,
  PRP2,
  PRP3,
  PRP4,
  PRP5,
  PRP6,
  PRP7,
  PRP8,
  PRP9,
  PRP10,
  PRP11,
  PRP12,
  PRP13,
  PRP14,
  PRP15,
  PRP16,
  PRP17,
  PRP18,
  // Arrays
  ARR1,
  // Response
  RSP1,
  RSP2,
  RSP3,
  RSP4,
  RSP5,
  RSP6,
  RSP7,
  RSP8,
  RSP9,
];

export const RULES: readonly Rule[] = [
  FILE1,
  FILE2,
  FILE3,
  JSON1,
  SW1,
  SW2,
  SW3,
  S1,
  S2,
  S3,
  S4,
  S5,
  S6,
  S7,
  S8,
  S9,
  S10,
  S11,
  S12,
  S13,
  S14,
  S15,
  S16,
  P1,
  P2,
  P3,
  P4,
  P5,
  SOP1,
  CSX1,
  CSX2,
  CSX3,
  CSX4,
  CSX5,
  CSX6,
  CSX7,
  ICON1,
  ICON2,
  ICON3,
  ICON4,
  ICON5,
  ...CATALOG_RULES,
];
