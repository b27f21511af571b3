/* rng.h: the one random generator of auditkit, reproducible on any machine.
 *
 * xoshiro256** 1.0 (Blackman and Vigna, 2018), its four words of state
 * filled from a 64-bit seed by SplitMix64 (Steele, Lea and Flood, 2014), as
 * the xoshiro authors recommend. Only integer arithmetic on uint64_t, so the
 * same seed gives the same numbers on every machine, compiler and C library;
 * never rand(), whose sequence differs between C libraries.
 *
 * docs/sampling-format.md gives the algorithms in full, so that a sample can
 * be re-drawn by another program. */
#ifndef AK_RNG_H
#define AK_RNG_H

#include <stdbool.h>
#include <stdint.h>

#define AK_RNG_NAME "xoshiro256** (SplitMix64 seeding)"

struct ak_rng {
	uint64_t s[4];
};

/* One SplitMix64 step: advances *state by 0x9e3779b97f4a7c15 and returns
 * the mixed value. */
uint64_t ak_splitmix64(uint64_t *state);

/* Seed r: s[0..3] are four successive SplitMix64 outputs from seed. Every
 * seed, 0 included, gives a valid (not all-zero) state. */
void ak_rng_seed(struct ak_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t ak_rng_next(struct ak_rng *r);

/* A uniform integer in [0, bound), without modulo bias: a 64-bit draw x is
 * rejected while x < 2^64 mod bound, and x mod bound is returned. bound 0
 * or 1 gives 0 without consuming a draw. */
uint64_t ak_rng_below(struct ak_rng *r, uint64_t bound);

/* A uniform double in [0, 1): the top 53 bits of a draw times 2^-53. */
double ak_rng_double(struct ak_rng *r);

/* A fresh seed from the operating system (getrandom, else /dev/urandom);
 * false if neither is available. */
bool ak_rng_os_seed(uint64_t *seed);

#endif
