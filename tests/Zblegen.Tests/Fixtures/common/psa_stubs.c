// PSA Crypto stand-ins for tests that do not build mbedtls: random numbers come from the port's
// random hook (what bt_enable needs), keys and MACs are not supported. Declared through the real
// psa/crypto.h, so a signature that drifts is a compile error here.
#include <psa/crypto.h>
#include <zephyr/kernel.h>

psa_status_t psa_crypto_init(void) { return PSA_SUCCESS; }
psa_status_t psa_generate_random(uint8_t *output, size_t output_size) {
    mp_bluetooth_zephyr_port_random(output, output_size);
    return PSA_SUCCESS;
}
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
