// What the files of the Zephyr BLE backend share: the headers they build on, the state of one
// connection and of the whole binding, the event queue and the helpers every concern uses.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_internal.h; edit it there.
#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_MODBLUETOOTH_ZEPHYR_INTERNAL_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_MODBLUETOOTH_ZEPHYR_INTERNAL_H

#include "extmod/modbluetooth.h"

// Zephyr's headers define MIN and MAX (and more) as MicroPython's do; theirs win in the binding.
// On rp2, mphal.h brings pico-sdk's KHZ and MHZ (numbers), which Zephyr defines as functions.
#undef MIN
#undef MAX
#undef KHZ
#undef MHZ

#include "zephyr_ble_target.h"
#include <zephyr/autoconf.h>
#include <zephyr/kernel.h>
#include <zephyr/init.h>
#include <zephyr/bluetooth/bluetooth.h>
#include <zephyr/bluetooth/conn.h>
#include <zephyr/bluetooth/gatt.h>
#include <zephyr/bluetooth/hci.h>
#include <zephyr/bluetooth/uuid.h>
#include <zephyr/net_buf.h>
#include <zephyr/settings/settings.h>
#include "zephyr_ble_h4.h"
#include "zephyr_ble_hci_guard.h"
#include "modbluetooth_zephyr.h"
#include "zephyr_ble_settings.h"

#define DEBUG_printf(...) // mp_printf(&mp_plat_print, "zephyr_ble: " __VA_ARGS__)

// A connection handle MicroPython shows when there is no connection (a failed connect).
#define MP_ZB_CONN_HANDLE_NONE (0xffff)
// Local subscriptions per connection, so notifications reach Python (Zephyr only delivers those
// it has a subscription for): one per attribute handle the peer has notified or indicated.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_SUBSCRIPTIONS_PER_CONN
#define MICROPY_BLUETOOTH_ZEPHYR_SUBSCRIPTIONS_PER_CONN (16)
#endif
#define MP_ZB_SUBSCRIPTIONS_PER_CONN MICROPY_BLUETOOTH_ZEPHYR_SUBSCRIPTIONS_PER_CONN
// Legacy advertising and scan response data: at most 31 bytes, so at most 15 AD structures.
#define MP_ZB_ADV_DATA_MAX (31)
#define MP_ZB_AD_STRUCTURES_MAX (MP_ZB_ADV_DATA_MAX / 2)

enum {
    MP_ZB_STATE_OFF,
    MP_ZB_STATE_STARTING,
    MP_ZB_STATE_ACTIVE,
    MP_ZB_STATE_STOPPING,
    MP_ZB_STATE_FAULTED, // the host failed; cleaned up by the next active(True) or active(False)
};

typedef union {
    struct bt_uuid uuid;
    struct bt_uuid_16 u16;
    struct bt_uuid_32 u32;
    struct bt_uuid_128 u128;
} mp_zb_uuid_t;

// Where a link is in its latest pairing: _IRQ_ENCRYPTION_UPDATE comes once a pairing has ended,
// whichever of its end and its encryption change the host reports first.
typedef enum {
    MP_ZB_PAIRING_NONE, // none since the link came up
    MP_ZB_PAIRING_STARTED, // from the pairing request or response
    MP_ZB_PAIRING_ENCRYPTED, // its encryption change came before its end
    MP_ZB_PAIRING_ENDED_FIRST, // ended, update raised, before its encryption change
    MP_ZB_PAIRING_ENDED,
} mp_zb_pairing_t;

// One connection as MicroPython sees it: the HCI handle is its conn_handle. The GATT client's
// parameter blocks live here because Zephyr holds on to them until the procedure ends.
typedef struct {
    struct bt_conn *conn; // our reference while connected; NULL: slot free
    uint16_t handle;
    struct bt_gatt_indicate_params indicate;
    uint16_t indicate_handle; // 0: no indication in flight
    struct bt_gatt_attr standin; // see mp_bluetooth_gatts_notify_indicate
    #if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
    struct bt_gatt_discover_params discover;
    uint8_t discover_done_event; // 0: no discovery in flight
    mp_zb_uuid_t discover_uuid;
    bool discover_filter; // characteristics: only those with discover_uuid
    uint16_t discover_end_handle;
    // A characteristic's end handle is known once the next one (or the end of the range) is seen.
    bool chr_pending;
    uint16_t chr_value_handle;
    uint8_t chr_properties;
    mp_zb_uuid_t chr_uuid;
    struct bt_gatt_read_params read;
    bool read_busy;
    struct bt_gatt_write_params write;
    bool write_busy;
    uint8_t *write_data; // copy of the value while the write is in flight
    size_t write_data_alloc;
    struct bt_gatt_subscribe_params subscriptions[MP_ZB_SUBSCRIPTIONS_PER_CONN];
    struct bt_gatt_exchange_params exchange;
    #endif
    #if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
    mp_zb_pairing_t pairing;
    #endif
} mp_zb_conn_t;

// A service we registered: Zephyr's GATT database links into it, so it is reachable from the
// root pointer below for as long as it is registered.
typedef struct {
    struct bt_gatt_service service;
    mp_zb_uuid_t *uuids;
    struct bt_gatt_chrc *chrcs;
    struct _bt_gatt_ccc *cccs;
} mp_zb_service_t;

// Events for Python, queued by the host's callbacks (see "Events for Python" below).
#ifndef MICROPY_BLUETOOTH_ZEPHYR_EVENT_SLOTS
#define MICROPY_BLUETOOTH_ZEPHYR_EVENT_SLOTS (32)
#endif
#define MP_ZB_EVENT_DATA_MAX (MAX(MP_ZB_ADV_DATA_MAX, CONFIG_BT_BUF_ACL_RX_SIZE))

enum {
    MP_ZB_EVENT_CONNECTION,
    MP_ZB_EVENT_CONNECTION_UPDATE,
    MP_ZB_EVENT_MTU,
    MP_ZB_EVENT_GATTS_WRITE,
    MP_ZB_EVENT_INDICATE_DONE,
    MP_ZB_EVENT_SCAN_RESULT,
    MP_ZB_EVENT_SCAN_DONE,
    MP_ZB_EVENT_SERVICE,
    MP_ZB_EVENT_CHARACTERISTIC,
    MP_ZB_EVENT_DESCRIPTOR,
    MP_ZB_EVENT_DISCOVER_DONE,
    MP_ZB_EVENT_DATA,
    MP_ZB_EVENT_STATUS,
    MP_ZB_EVENT_ENCRYPTION,
    MP_ZB_EVENT_PASSKEY,
    MP_ZB_EVENT_L2CAP, // irq: which; v: cid, psm, then MTUs or status (modbluetooth_zephyr_l2cap.c)
};

typedef struct {
    uint32_t seq; // events_pushed when it was queued
    uint8_t kind;
    uint8_t irq; // the MP_BLUETOOTH_IRQ_* of kinds that cover several
    uint8_t u8; // address type, status or properties
    int8_t rssi;
    uint16_t conn_handle;
    uint16_t v[4]; // handles, status, connection parameters, advertising type
    uint8_t addr[6];
    uint8_t uuid_type;
    uint8_t uuid[16];
    uint16_t data_len;
    uint8_t data[MP_ZB_EVENT_DATA_MAX];
} mp_zb_event_t;

typedef struct _mp_bluetooth_zephyr_root_pointers_t {
    mp_gatts_db_t gatts_db;
    mp_zb_event_t events[MICROPY_BLUETOOTH_ZEPHYR_EVENT_SLOTS];
    uint16_t events_head;
    uint16_t events_count;
    uint32_t events_dropped;
    uint32_t events_pushed;
    mp_zb_service_t **services;
    size_t services_len;
    size_t services_alloc;
    mp_zb_conn_t conns[CONFIG_BT_MAX_CONN];
    #if MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS
    struct _mp_zb_l2cap_t *l2cap; // made at the first L2CAP call of an activation
    #endif
} mp_bluetooth_zephyr_root_pointers_t;


#define MP_ZB_ROOT (MP_STATE_PORT(bluetooth_zephyr_root_pointers))

extern uint8_t mp_zb_state;

// The largest ATT MTU the host's buffers allow (Zephyr's BT_ATT_MTU, from its private headers).
#define MP_ZB_ATT_MTU_MAX (MIN(CONFIG_BT_BUF_ACL_RX_SIZE - 4, CONFIG_BT_L2CAP_TX_MTU))
#define MP_ZB_ATT_MTU_MIN (23)
// The largest preferred ATT MTU config() takes; a larger one is refused, as NimBLE refuses it.
#define MP_ZB_ATT_MTU_LIMIT (527)

// ---------------------------------------------------------------------------
// Shared helpers (modbluetooth_zephyr.c).

int mp_zb_errno(int err);
bool mp_zb_python_sees_events(void);
mp_zb_event_t *mp_zb_event_push(uint8_t kind, uint16_t conn_handle);
void mp_zb_event_data(mp_zb_event_t *e, const void *data, size_t len);
void mp_zb_event_uuid(mp_zb_event_t *e, const struct bt_uuid *uuid);
void mp_zb_queue_connection(uint8_t irq, uint16_t conn_handle, uint8_t addr_type, const uint8_t *addr);
void mp_zb_queue_gatts_write(uint16_t conn_handle, uint16_t value_handle, bool append, size_t start, const uint8_t *stored, size_t n);
void mp_zb_gatts_write_supersedes(uint16_t value_handle);
void mp_zb_queue(uint8_t kind, uint8_t irq, uint16_t conn_handle, uint16_t v0, uint16_t v1, uint8_t u8);
void mp_zb_reverse_addr(uint8_t *out, const uint8_t *in);
uint8_t mp_zb_addr_type(const bt_addr_le_t *addr);
void mp_zb_uuid_from_mp(mp_zb_uuid_t *out, const mp_obj_bluetooth_uuid_t *uuid);
mp_obj_bluetooth_uuid_t mp_zb_uuid_to_mp(const struct bt_uuid *uuid);
mp_zb_conn_t *mp_zb_conn_by_conn(const struct bt_conn *conn);
mp_zb_conn_t *mp_zb_conn_by_handle(uint16_t conn_handle);
uint16_t mp_zb_conn_handle(const struct bt_conn *conn);
size_t mp_zb_att_value_len(struct bt_conn *conn, size_t len);
void mp_zb_conn_release(mp_zb_conn_t *c);

// Each concern's part of activation and deactivation.
void mp_zb_gap_init(void); // modbluetooth_zephyr_gap.c
void mp_zb_gap_stop(void);
void mp_zb_gap_reset(void);
void mp_zb_gatts_deinit(void); // modbluetooth_zephyr_gatts.c
void mp_zb_events_raise(void);
#if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
void mp_zb_security_init(bool first_time); // modbluetooth_zephyr_security.c
void mp_zb_secrets_flush(void);
#endif

#if MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS
// L2CAP channels open at once, over all connections.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS
#define MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS (8)
#endif
void mp_zb_l2cap_raise(const mp_zb_event_t *e); // modbluetooth_zephyr_l2cap.c
#endif

#endif // MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_MODBLUETOOTH_ZEPHYR_INTERNAL_H
