// Fake modbluetooth.h for zblegen's tests, shaped like the real one.
#ifndef FAKE_MODBLUETOOTH_H
#define FAKE_MODBLUETOOTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef MICROPY_PY_BLUETOOTH_RINGBUF_SIZE
#define MICROPY_PY_BLUETOOTH_RINGBUF_SIZE (64 * 2)
#endif

#ifndef MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
#define MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE (0)
#endif

#ifndef MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
#define MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT (MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE)
#endif

#ifndef MICROPY_PY_BLUETOOTH_ENTER
#define MICROPY_PY_BLUETOOTH_ENTER int state = 0;
#endif

#define MP_BLUETOOTH_IRQ_CENTRAL_CONNECT (1)
#define MP_BLUETOOTH_IRQ_SCAN_RESULT     (5)
#define MP_BLUETOOTH_FLAG_BOTH           (MP_BLUETOOTH_IRQ_CENTRAL_CONNECT | 0x10)
#define MP_BLUETOOTH_NAME                "fake"

typedef struct {
    uint8_t type;
    uint8_t data[16];
} mp_obj_bluetooth_uuid_t;

int mp_bluetooth_init(void);
int mp_bluetooth_gap_advertise_start(bool connectable, int32_t interval_us, const uint8_t *adv_data, size_t adv_data_len);

#if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
int mp_bluetooth_gap_scan_start(int32_t duration_ms);
#endif

#if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
int mp_bluetooth_gattc_read(uint16_t conn_handle, uint16_t value_handle);
void mp_bluetooth_gattc_on_read_done(uint16_t conn_handle);
#endif

void mp_bluetooth_gatts_on_write(uint16_t conn_handle, uint16_t value_handle);

static inline int mp_bluetooth_twice(int x) {
    return 2 * x;
}

#endif
