// Stand-ins for what the link test does not build: the port hooks, including the HCI byte stream
// (the MicroPython binding provides them) and the PSA Crypto calls (mbedtls provides them). Declared
// through the real headers, so a signature that drifts is a compile error here.
#include <stdlib.h>
#include <zephyr/kernel.h>
#include <zephyr/device.h>
#include <zephyr/init.h>
#include "zephyr_ble_h4.h"
#include <zephyr/logging/log.h>
#include <psa/crypto.h>

unsigned int mp_bluetooth_zephyr_port_irq_lock(void) { return 0; }
void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key) { (void)key; }
uint64_t mp_bluetooth_zephyr_port_ticks_ms(void) { return 0; }
void mp_bluetooth_zephyr_port_poll(void) { }
void mp_bluetooth_zephyr_port_idle(void) { }
void mp_bluetooth_zephyr_port_wake(void) { }
void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) { memset(buf, 0, len); }
void *mp_bluetooth_zephyr_port_malloc(size_t size) { return malloc(size); }
void mp_bluetooth_zephyr_port_free(void *ptr) { free(ptr); }
void mp_bluetooth_zephyr_port_fatal(void) { abort(); }
void mp_bluetooth_zephyr_port_log(int level, const char *module, const char *fmt, ...) { (void)level; (void)module; (void)fmt; }

int mp_bluetooth_zephyr_port_hci_open(void) { return 0; }
void mp_bluetooth_zephyr_port_hci_close(void) { }
int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) { (void)buf; (void)len; return 0; }
int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) { (void)buf; (void)len; return 0; }

psa_status_t psa_crypto_init(void) { return PSA_ERROR_NOT_SUPPORTED; }
psa_status_t psa_generate_random(uint8_t *output, size_t output_size) { (void)output; (void)output_size; return PSA_ERROR_NOT_SUPPORTED; }
psa_status_t psa_import_key(const psa_key_attributes_t *attributes, const uint8_t *data, size_t data_length, mbedtls_svc_key_id_t *key) {
    (void)attributes; (void)data; (void)data_length; (void)key; return PSA_ERROR_NOT_SUPPORTED;
}
psa_status_t psa_destroy_key(mbedtls_svc_key_id_t key) { (void)key; return PSA_ERROR_NOT_SUPPORTED; }
psa_status_t psa_cipher_encrypt(mbedtls_svc_key_id_t key, psa_algorithm_t alg, const uint8_t *input, size_t input_length,
    uint8_t *output, size_t output_size, size_t *output_length) {
    (void)key; (void)alg; (void)input; (void)input_length; (void)output; (void)output_size; (void)output_length;
    return PSA_ERROR_NOT_SUPPORTED;
}
psa_status_t psa_mac_sign_setup(psa_mac_operation_t *operation, mbedtls_svc_key_id_t key, psa_algorithm_t alg) {
    (void)operation; (void)key; (void)alg; return PSA_ERROR_NOT_SUPPORTED;
}
psa_status_t psa_mac_update(psa_mac_operation_t *operation, const uint8_t *input, size_t input_length) {
    (void)operation; (void)input; (void)input_length; return PSA_ERROR_NOT_SUPPORTED;
}
psa_status_t psa_mac_sign_finish(psa_mac_operation_t *operation, uint8_t *mac, size_t mac_size, size_t *mac_length) {
    (void)operation; (void)mac; (void)mac_size; (void)mac_length; return PSA_ERROR_NOT_SUPPORTED;
}

int main(void) {
    return mp_bluetooth_zephyr_hal_run_inits() == 0 ? 0 : 1;
}
