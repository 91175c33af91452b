// What the Zephyr host's PSA Crypto calls need from mbedtls, on top of the
// port's own configuration: mbedtls reads MBEDTLS_USER_CONFIG_FILE after MBEDTLS_CONFIG_FILE, so
// MicroPython builds one mbedtls for ssl and Bluetooth. micropython.mk defines it only when the
// profile has CONFIG_BT_HOST_CRYPTO.
// Copied by zblegen from templates/zephyr_ble/include/zephyr_ble_mbedtls.h; edit it there.
#ifndef MICROPY_INCLUDED_ZEPHYR_BLE_MBEDTLS_H
#define MICROPY_INCLUDED_ZEPHYR_BLE_MBEDTLS_H

#define MBEDTLS_PSA_CRYPTO_C
// Random numbers from the port (mbedtls_psa_external_get_random in zephyr_ble_crypto.c): no
// DRBG state for PSA, and the same source as the rest of the host.
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG
// AES-128 (bt_encrypt_le), AES-CMAC (SMP, GATT caching), P-256 ECDH (LE Secure Connections).
#define MBEDTLS_AES_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CMAC_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECDH_C
// P-256's own modular reduction instead of the generic one: key generation and ECDH in a fraction
// of the time (the host makes its key pair at every start).
#define MBEDTLS_ECP_NIST_OPTIM
// The host's keys are volatile: no PSA key storage (bonds go through MicroPython's secret callbacks).
#undef MBEDTLS_PSA_CRYPTO_STORAGE_C
#undef MBEDTLS_PSA_ITS_FILE_C

// MicroPython's mbedtls config undefines ARRAY_SIZE (a clash on another platform), and the host
// reaches it through psa/crypto.h after Zephyr's sys/util.h defined it: give the host its macro back.
#if defined(ZEPHYR_INCLUDE_SYS_UTIL_H_) && !defined(ARRAY_SIZE)
#define ARRAY_SIZE(array) ((size_t)(IS_ARRAY(array) + (sizeof(array) / sizeof((array)[0]))))
#endif

#endif // MICROPY_INCLUDED_ZEPHYR_BLE_MBEDTLS_H
