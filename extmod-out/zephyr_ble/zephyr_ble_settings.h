// The host's settings store (zephyr_ble_settings.c): entries in RAM, changes reported to the port.
// Copied by zblegen from templates/zephyr_ble/zephyr_ble_settings.h; edit it there.
#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_ZEPHYR_BLE_SETTINGS_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_ZEPHYR_BLE_SETTINGS_H

#include <stddef.h>

// Port hooks, weak (doing nothing) unless the port defines them.
// Every entry the host stores (len > 0) or deletes (len == 0), e.g. "bt/keys/<address><id>".
void mp_bluetooth_zephyr_port_settings_changed(const char *name, const void *value, size_t len);
// Called at the start of every settings_load(): the port puts persisted entries back here.
void mp_bluetooth_zephyr_port_settings_load(void);

// Puts an entry (len 0 removes it) without reporting it back to the port; 0 or -ENOMEM.
int mp_bluetooth_zephyr_settings_put(const char *name, const void *value, size_t len);
// Forgets every entry (bonds cleared).
void mp_bluetooth_zephyr_settings_clear(void);
// Entries held.
size_t mp_bluetooth_zephyr_settings_count(void);

#endif
