/**
 * The preset validation types of form-js (`validate.validationType`).
 */

/**
 * A valid e-mail address as defined by the HTML Living Standard, §4.10.5.1.5 ("valid email address"), which is
 * the rule form-js applies.
 */
export const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** ITU-T E.164 country calling codes (and shared-prefix territories) form-js accepts after `+` or `00`. */
const CALLING_CODES = [
  1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61,
  62, 63, 64, 65, 66, 76, 77, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223,
  224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
  248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 291, 297,
  298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 380,
  381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592,
  593, 594, 595, 596, 597, 598, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688,
  689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886, 960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972,
  973, 974, 975, 976, 977, 992, 993, 994, 995, 996, 998, 1242, 1246, 1264, 1268, 1284, 1340, 1345, 1441, 1473, 1649,
  1664, 1670, 1671, 1684, 1721, 1758, 1767, 1784, 1787, 1809, 1829, 1849, 1868, 1869, 1876, 1939, 4779, 5999, 3906698,
];

/**
 * The second group form-js requires after the calling code: a one- to three-digit block in the shape of an ITU
 * country code (`x` stands for any digit).
 */
const SECOND_BLOCKS = [
  '9[976]x', '8[987530]x', '6[987]x', '5[90]x', '42x', '3[875]x', '2[98654321]x',
  '9[8543210]', '8[6421]', '6[6543210]', '5[87654321]', '4[987654310]', '3[9643210]', '2[70]', '7', '1',
];

/**
 * An international phone number as form-js accepts it: `+` or `00`, a calling code, a second block, then 4 to 20
 * digits up to the end. Like form-js, the start is not anchored.
 */
export const PHONE_PATTERN = new RegExp(
  `(\\+|00)(${CALLING_CODES.join('|')})(${SECOND_BLOCKS.map((block) => block.replace(/x/g, '\\d')).join('|')})\\d{4,20}$`,
);
