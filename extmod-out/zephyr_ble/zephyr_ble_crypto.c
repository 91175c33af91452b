// Randomness for the host.
// Copied by zblegen from templates/zephyr_ble/zephyr_ble_crypto.c; edit it there.
//
// Without CONFIG_BT_HOST_CRYPTO, Zephyr expects bt_rand from its own controller, which MicroPython
// does not have; the controller on the other end of HCI has LE_Rand, so it serves, as Zephyr's own
// crypto_psa.c does without CONFIG_BT_HOST_CRYPTO_PRNG. With it, PSA Crypto (MicroPython's
// mbedtls, include/zephyr_ble_mbedtls.h) draws on the port's random hook.

#include <stddef.h>
#include <zephyr/kernel.h>
#include <zephyr/bluetooth/crypto.h>
#include <zephyr/bluetooth/hci.h>

#if !defined(CONFIG_BT_HOST_CRYPTO)
int bt_rand(void *buf, size_t len) {
    if (buf == NULL || len == 0) {
        return -EINVAL;
    }
    return bt_hci_le_rand(buf, len);
}
#else
#include <psa/crypto.h>

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context, uint8_t *output, size_t output_size, size_t *output_length) {
    (void)context;
    mp_bluetooth_zephyr_port_random(output, output_size);
    *output_length = output_size;
    return PSA_SUCCESS;
}
#endif
#endif
