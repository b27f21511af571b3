/* rng.c: xoshiro256** seeded through SplitMix64 (see rng.h). */
#include "core/rng.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

uint64_t ak_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void ak_rng_seed(struct ak_rng *r, uint64_t seed)
{
	uint64_t sm = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = ak_splitmix64(&sm);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t ak_rng_next(struct ak_rng *r)
{
	uint64_t *s = r->s;
	const uint64_t result = rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Rejection rather than Lemire's multiply-shift: both are unbiased, but this
 * one needs no 128-bit product and is one line to re-implement anywhere. The
 * threshold (2^64 - bound) mod bound is the count of low values that would
 * make some results one more likely than others. */
uint64_t ak_rng_below(struct ak_rng *r, uint64_t bound)
{
	uint64_t threshold, x;

	if (bound <= 1)
		return 0;
	threshold = (0 - bound) % bound;
	do
		x = ak_rng_next(r);
	while (x < threshold);
	return x % bound;
}

double ak_rng_double(struct ak_rng *r)
{
	return (double)(ak_rng_next(r) >> 11) * 0x1.0p-53;
}

bool ak_rng_os_seed(uint64_t *seed)
{
	uint64_t v = 0;
	int fd;
	ssize_t n;

#if defined(__linux__)
	if (getrandom(&v, sizeof v, 0) == (ssize_t)sizeof v) {
		*seed = v;
		return true;
	}
#endif
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, &v, sizeof v);
	close(fd);
	if (n != (ssize_t)sizeof v)
		return false;
	*seed = v;
	return true;
}
