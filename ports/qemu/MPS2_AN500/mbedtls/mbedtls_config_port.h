// mbedtls for MPS2_AN500: the qemu port has none, so the board brings the configuration the
// Bluetooth ports use (bare metal, MicroPython's allocator), under the name extmod.mk and
// extmod/mbedtls/mbedtls_alt.c look for. The host's PSA Crypto is added on top of it through
// MBEDTLS_USER_CONFIG_FILE (zephyr_ble_mbedtls.h).

#ifndef MICROPY_INCLUDED_MPS2_AN500_MBEDTLS_CONFIG_PORT_H
#define MICROPY_INCLUDED_MPS2_AN500_MBEDTLS_CONFIG_PORT_H

#define MICROPY_MBEDTLS_CONFIG_BARE_METAL (1)

#include "extmod/mbedtls/mbedtls_config_common.h"

// The board has no real-time clock: certificates are not checked against the date.
#undef MBEDTLS_HAVE_TIME
#undef MBEDTLS_HAVE_TIME_DATE

#endif // MICROPY_INCLUDED_MPS2_AN500_MBEDTLS_CONFIG_PORT_H
