// OpenSSL's libcrypto, for SHA-256 content ids (EVP digests).
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
