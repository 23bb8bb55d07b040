// OpenSSL's libcrypto: SHA-256 content ids (EVP digests) and Ed25519 manifest signatures (EVP keys,
// PEM files through memory BIOs).
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
