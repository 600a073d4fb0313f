/** Exact powers of ten (10²² is the largest a double holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The value of the last successful `parseDecimal`. */
export let parsedValue = 0;
/** Whether the last successful `parseDecimal` read an integer (no point, no exponent). */
export let parsedInteger = false;

/**
 * Reads the ASCII decimal number in buf[s, e) (`-12`, `3.25`, `.5`, `1e-3`) without making a
 * string: the digits go into an integer mantissa, and with at most 15 significant digits and a
 * power of ten up to 22 one exact multiplication or division gives the correctly rounded double
 * (Clinger's fast path), which is what strtod returns. Longer numbers are decoded and handed to
 * `Number`. Returns false when the bytes are not such a number; sets `parsedValue` and
 * `parsedInteger` otherwise.
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  let negative = false;
  const first = buf[i];
  if (first === 45) {
    negative = true;
    i++;
  } else if (first === 43) {
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  let slow = false;
  let integer = true;
  let b = buf[i] as number;
  while (i < e && b >= 48 && b <= 57) {
    digits++;
    if (significant < 15) {
      if (mantissa !== 0 || b !== 48) {
        mantissa = mantissa * 10 + (b - 48);
        significant++;
      }
    } else {
      slow = true;
    }
    b = buf[++i] as number;
  }
  if (i < e && b === 46) {
    integer = false;
    b = buf[++i] as number;
    while (i < e && b >= 48 && b <= 57) {
      digits++;
      if (significant < 15) {
        if (mantissa !== 0 || b !== 48) {
          mantissa = mantissa * 10 + (b - 48);
          significant++;
        }
        exponent--;
      } else {
        slow = true;
      }
      b = buf[++i] as number;
    }
  }
  if (digits === 0) return false;
  if (i < e && (b === 101 || b === 69)) {
    integer = false;
    b = buf[++i] as number;
    let sign = 1;
    if (b === 45 || b === 43) {
      if (b === 45) sign = -1;
      b = buf[++i] as number;
    }
    let value = 0;
    let expDigits = 0;
    while (i < e && b >= 48 && b <= 57) {
      if (value < 100000) value = value * 10 + (b - 48);
      expDigits++;
      b = buf[++i] as number;
    }
    if (expDigits === 0) return false;
    exponent += sign * value;
  }
  if (i !== e) return false;
  let value: number;
  if (slow || exponent > 22 || exponent < -22) {
    value = Number(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString("latin1"));
  } else {
    value =
      exponent >= 0
        ? mantissa * (POW10[exponent] as number)
        : mantissa / (POW10[-exponent] as number);
    if (negative) value = -value;
  }
  parsedValue = value;
  parsedInteger = integer;
  return true;
}
