// The host's settings store (zephyr_ble_settings.c): entries in RAM, changes kept until taken.
// Copied by zblegen from templates/zephyr_ble/zephyr_ble_settings.h; edit it there.
#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_ZEPHYR_BLE_SETTINGS_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_ZEPHYR_BLE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Called at the start of every settings_load() (weak, doing nothing unless defined): persisted entries
// are put back here.
void mp_bluetooth_zephyr_port_settings_load(void);

// Puts an entry (len 0 removes it) as persisted already; 0 or -ENOMEM.
int mp_bluetooth_zephyr_settings_put(const char *name, const void *value, size_t len);
// Takes one entry the host stored or deleted since it was last taken, e.g. "bt/keys/<address><id>":
// its name, and its record (the name, a NUL and the value; record_len 0 when deleted). False when
// no change is left that fits the buffers.
bool mp_bluetooth_zephyr_settings_take_change(char *name, size_t name_size, uint8_t *record, size_t record_size, size_t *record_len);
// True when an entry named prefix or under prefix/ is held, or its deletion is not yet taken.
bool mp_bluetooth_zephyr_settings_holds(const char *prefix);
// Forgets every entry (bonds cleared).
void mp_bluetooth_zephyr_settings_clear(void);
// Entries held.
size_t mp_bluetooth_zephyr_settings_count(void);

#endif
