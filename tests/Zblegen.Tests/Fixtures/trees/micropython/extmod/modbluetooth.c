// Fake modbluetooth.c for zblegen's tests: defines the callbacks a backend calls.
#include "extmod/modbluetooth.h"

static int counter;

void mp_bluetooth_gatts_on_write(uint16_t conn_handle, uint16_t value_handle) {
    counter += conn_handle + value_handle;
}

#if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
void mp_bluetooth_gattc_on_read_done(uint16_t conn_handle) {
    if (conn_handle) {
        counter++;
    }
}
#endif
