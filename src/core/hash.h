/* hash.h: SHA-256 through OpenSSL's EVP interface, as lower-case hex. */
#ifndef AK_HASH_H
#define AK_HASH_H

#include <stdbool.h>
#include <stddef.h>

#define AK_SHA256_HEX 65 /* 64 hex digits and a NUL */

struct ak_sha256; /* incremental context */

struct ak_sha256 *ak_sha256_new(void); /* NULL when out of memory */
bool ak_sha256_update(struct ak_sha256 *h, const void *p, size_t n);
/* Writes the digest as hex into out and frees h. */
bool ak_sha256_final(struct ak_sha256 *h, char out[AK_SHA256_HEX]);
void ak_sha256_free(struct ak_sha256 *h);

/* One-shot digest of a buffer. */
bool ak_sha256_hex(const void *p, size_t n, char out[AK_SHA256_HEX]);
/* One-shot digest of a buffer in base64 (as a Content Security Policy
 * source names a script: 'sha256-...'). */
#define AK_SHA256_B64 45 /* 44 characters and a NUL */
bool ak_sha256_base64(const void *p, size_t n, char out[AK_SHA256_B64]);
/* Digest of a file's bytes; false (errno set) if it cannot be read. */
bool ak_sha256_file(const char *path, char out[AK_SHA256_HEX]);

#endif
