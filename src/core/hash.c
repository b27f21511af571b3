/* hash.c: SHA-256 with OpenSSL EVP (libcrypto is already a libcurl
 * dependency, so this adds nothing to the install). */
#include "core/hash.h"

#include <openssl/evp.h>
#include <stdio.h>

struct ak_sha256 {
	EVP_MD_CTX *ctx;
};

struct ak_sha256 *ak_sha256_new(void)
{
	struct ak_sha256 *h = OPENSSL_zalloc(sizeof *h);

	if (!h)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		ak_sha256_free(h);
		return NULL;
	}
	return h;
}

bool ak_sha256_update(struct ak_sha256 *h, const void *p, size_t n)
{
	return EVP_DigestUpdate(h->ctx, p, n) == 1;
}

void ak_sha256_free(struct ak_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	OPENSSL_free(h);
}

bool ak_sha256_final(struct ak_sha256 *h, char out[AK_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	bool ok = EVP_DigestFinal_ex(h->ctx, md, &n) == 1 && n == 32;

	ak_sha256_free(h);
	if (!ok)
		return false;
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return true;
}

bool ak_sha256_hex(const void *p, size_t n, char out[AK_SHA256_HEX])
{
	struct ak_sha256 *h = ak_sha256_new();

	if (!h)
		return false;
	if (!ak_sha256_update(h, p, n)) {
		ak_sha256_free(h);
		return false;
	}
	return ak_sha256_final(h, out);
}

bool ak_sha256_base64(const void *p, size_t n, char out[AK_SHA256_B64])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (!EVP_Digest(p, n, d, &len, EVP_sha256(), NULL) || len != 32)
		return false;
	return EVP_EncodeBlock((unsigned char *)out, d, (int)len) == AK_SHA256_B64 - 1;
}

bool ak_sha256_file(const char *path, char out[AK_SHA256_HEX])
{
	unsigned char buf[65536];
	struct ak_sha256 *h;
	FILE *fp = fopen(path, "rb");
	size_t n;
	bool ok = true;

	if (!fp)
		return false;
	h = ak_sha256_new();
	if (!h) {
		fclose(fp);
		return false;
	}
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (!ak_sha256_update(h, buf, n))
			ok = false;
	if (ferror(fp))
		ok = false;
	fclose(fp);
	if (!ok) {
		ak_sha256_free(h);
		return false;
	}
	return ak_sha256_final(h, out);
}
