const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** 64-bit FNV-1a over the UTF-8 bytes of `key`: a stable seed from any string. */
export function seedFromString(key: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(key)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  }
  return hash;
}

/**
 * The bootstrap seed for a comparison of two commits: the same pair of SHAs always gives the
 * same seed (so a rerun of the check reproduces the interval), and a new push gives a new one.
 * Case and surrounding space are ignored because SHAs reach us from several sources.
 */
export function seedFromShas(baseSha: string, headSha: string): bigint {
  return seedFromString(`${baseSha.trim().toLowerCase()}..${headSha.trim().toLowerCase()}`);
}
