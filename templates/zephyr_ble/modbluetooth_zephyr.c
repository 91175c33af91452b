// The Zephyr BLE host as MicroPython's bluetooth backend: its state, the events it queues for
// Python, errors, addresses and UUIDs, connection slots, activation, and the pass the port runs.
// The other concerns have a file each: modbluetooth_zephyr_gap.c, _gatts.c, _gattc.c, _security.c,
// _l2cap.c, _hci.c. A backend function of extmod/modbluetooth.h that none defines raises
// OSError(EOPNOTSUPP) from the generated modbluetooth_zephyr_stubs.c; zblegen generate checks
// every definition's prototype and #if guard against MicroPython's header.
//
// The host runs cooperatively on MicroPython's main task (hal/zephyr_ble_hal.h): the port calls
// mp_bluetooth_zephyr_poll() from the scheduler, and the host's callbacks queue events that
// are raised as bluetooth IRQs after each pass, as the NimBLE binding's event loop does.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

MP_REGISTER_ROOT_POINTER(struct _mp_bluetooth_zephyr_root_pointers_t *bluetooth_zephyr_root_pointers);

uint8_t mp_zb_state = MP_ZB_STATE_OFF;
static bool mp_zb_host_initialised; // SYS_INIT entries and callback lists: once per boot
static bool mp_zb_in_fault; // a fault's own handling faulted: it only unwinds
static uint32_t mp_zb_host_faults;

static uint16_t mp_zb_preferred_mtu = MP_ZB_ATT_MTU_MAX;

// ---------------------------------------------------------------------------
// Errors: Zephyr returns negative errno values of its C library; MicroPython wants its own.

static const struct {
    int16_t zephyr;
    uint8_t mp;
} mp_zb_errno_table[] = {
    { -EPERM, MP_EPERM },
    { -ENOENT, MP_ENOENT },
    { -ENODEV, MP_ENODEV },
    { -EIO, MP_EIO },
    { -EAGAIN, MP_EAGAIN },
    { -ENOMEM, MP_ENOMEM },
    { -EBUSY, MP_EBUSY },
    { -EEXIST, MP_EEXIST },
    { -EINVAL, MP_EINVAL },
    { -ENOSPC, MP_ENOMEM },
    { -ENOTSUP, MP_EOPNOTSUPP },
    { -ENOSYS, MP_EOPNOTSUPP },
    { -ENOBUFS, MP_ENOBUFS },
    { -ENOTCONN, MP_ENOTCONN },
    { -ETIMEDOUT, MP_ETIMEDOUT },
    { -EALREADY, MP_EALREADY },
    { -ECONNREFUSED, MP_ECONNREFUSED },
    { -ESHUTDOWN, MP_ENOTCONN },
    // The controller answered Command Disallowed.
    { -EACCES, MP_EACCES },
    // Longer than the ATT MTU allows: the binding cuts values to fit first, as NimBLE does.
    { -EMSGSIZE, MP_EINVAL },
    // A PSM or identity already taken: NimBLE says EALREADY for the same.
    { -EADDRINUSE, MP_EALREADY },
};

int mp_zb_errno(int err) {
    if (err >= 0) {
        return 0;
    }
    if (err == -EIO && mp_bluetooth_zephyr_hci_guard_last_timed_out()) {
        // The command failed because the controller never answered it.
        return MP_ETIMEDOUT;
    }
    for (size_t i = 0; i < MP_ARRAY_SIZE(mp_zb_errno_table); ++i) {
        if (mp_zb_errno_table[i].zephyr == err) {
            return mp_zb_errno_table[i].mp;
        }
    }
    return MP_EIO;
}


// ---------------------------------------------------------------------------
// Events for Python. The host's callbacks run inside its work handlers, often nested in a
// blocking call Python made (bt_conn_disconnect waits for the controller, and the disconnection
// itself can arrive in that wait). Raising IRQs there would show Python events before the call
// that caused them returns, and a handler that blocks would stall the host's own queue. So the
// callbacks queue events, and mp_bluetooth_zephyr_poll() raises them from the scheduler after
// its pass, as NimBLE's event loop does. Only read requests are asked synchronously: the answer
// goes back to the peer.

bool mp_zb_python_sees_events(void) {
    // After a fault, the disconnections it caused still reach Python.
    return mp_zb_state == MP_ZB_STATE_ACTIVE || mp_zb_state == MP_ZB_STATE_FAULTED;
}

// Data (scan results, notifications, reads, writes to us) may be lost to a full queue, counted; the
// rest is state Python must see, connections above all.
static bool mp_zb_event_droppable(uint8_t kind) {
    return kind == MP_ZB_EVENT_SCAN_RESULT || kind == MP_ZB_EVENT_DATA || kind == MP_ZB_EVENT_GATTS_WRITE;
}

static mp_zb_event_t *mp_zb_event_at(size_t i) {
    return &MP_ZB_ROOT->events[(MP_ZB_ROOT->events_head + i) % MICROPY_BLUETOOTH_ZEPHYR_EVENT_SLOTS];
}

// Makes room in a full queue by dropping its newest data event; false when it holds none.
static bool mp_zb_event_drop_newest_data(void) {
    mp_bluetooth_zephyr_root_pointers_t *root = MP_ZB_ROOT;
    for (size_t i = root->events_count; i-- > 0;) {
        if (mp_zb_event_droppable(mp_zb_event_at(i)->kind)) {
            for (; i + 1 < root->events_count; ++i) {
                *mp_zb_event_at(i) = *mp_zb_event_at(i + 1);
            }
            --root->events_count;
            return true;
        }
    }
    return false;
}

mp_zb_event_t *mp_zb_event_push(uint8_t kind, uint16_t conn_handle) {
    mp_bluetooth_zephyr_root_pointers_t *root = MP_ZB_ROOT;
    if (root == NULL || !mp_zb_python_sees_events()) {
        return NULL;
    }
    if (root->events_count == MICROPY_BLUETOOTH_ZEPHYR_EVENT_SLOTS) {
        ++root->events_dropped;
        if (mp_zb_event_droppable(kind) || !mp_zb_event_drop_newest_data()) {
            return NULL;
        }
    }
    mp_zb_event_t *e = mp_zb_event_at(root->events_count++);
    memset(e, 0, offsetof(mp_zb_event_t, data));
    e->seq = ++root->events_pushed;
    e->kind = kind;
    e->conn_handle = conn_handle;
    return e;
}

void mp_zb_event_data(mp_zb_event_t *e, const void *data, size_t len) {
    e->data_len = MIN(len, MP_ZB_EVENT_DATA_MAX);
    if (e->data_len > 0) {
        memcpy(e->data, data, e->data_len);
    }
}

void mp_zb_event_uuid(mp_zb_event_t *e, const struct bt_uuid *uuid) {
    mp_obj_bluetooth_uuid_t u = mp_zb_uuid_to_mp(uuid);
    e->uuid_type = u.type;
    memcpy(e->uuid, u.data, sizeof(e->uuid));
}

// Several writes can arrive in one pass of the host, each stored at once (a peer's read must see
// the newest value), while their IRQs come after the pass. Python reads the value in the IRQ, as
// with NimBLE, whose IRQ runs inside the write: so each write's IRQ first puts back the value that
// write stored. An appending buffer keeps everything instead, and a value longer than the event
// holds is left as the last write stored it. (If the queue was full and dropped a later write's
// IRQ, the value ends as the last raised write's: Python was told of no newer one.) A gatts_write
// from Python after the write, though, keeps its value (mp_zb_gatts_write_supersedes).
static void mp_zb_gatts_restore_write(const mp_zb_event_t *e) {
    if (e->u8 == 0 || MP_ZB_ROOT == NULL) {
        return;
    }
    mp_bluetooth_gatts_db_entry_t *entry = mp_bluetooth_gatts_db_lookup(MP_ZB_ROOT->gatts_db, e->v[0]);
    if (entry != NULL && e->v[1] + e->data_len <= entry->data_alloc) {
        memcpy(entry->data + e->v[1], e->data, e->data_len);
        entry->data_len = e->v[1] + e->data_len;
    }
}

static void mp_zb_event_raise(const mp_zb_event_t *e) {
    mp_obj_bluetooth_uuid_t uuid = { .base = { &mp_type_bluetooth_uuid }, .type = e->uuid_type };
    memcpy(uuid.data, e->uuid, sizeof(uuid.data));
    const uint8_t *data = e->data;
    uint16_t data_len = e->data_len;
    (void)uuid;
    (void)data;
    (void)data_len;
    switch (e->kind) {
        case MP_ZB_EVENT_CONNECTION:
            mp_bluetooth_gap_on_connected_disconnected(e->irq, e->conn_handle, e->u8, e->addr);
            break;
        case MP_ZB_EVENT_CONNECTION_UPDATE:
            mp_bluetooth_gap_on_connection_update(e->conn_handle, e->v[0], e->v[1], e->v[2], e->v[3]);
            break;
        case MP_ZB_EVENT_MTU:
            mp_bluetooth_gatts_on_mtu_exchanged(e->conn_handle, e->v[0]);
            break;
        case MP_ZB_EVENT_GATTS_WRITE:
            mp_zb_gatts_restore_write(e);
            mp_bluetooth_gatts_on_write(e->conn_handle, e->v[0]);
            break;
        case MP_ZB_EVENT_INDICATE_DONE:
            mp_bluetooth_gatts_on_indicate_complete(e->conn_handle, e->v[0], e->u8);
            break;
        #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
        case MP_ZB_EVENT_SCAN_RESULT:
            mp_bluetooth_gap_on_scan_result(e->u8, e->addr, e->v[0], e->rssi, data, data_len);
            break;
        case MP_ZB_EVENT_SCAN_DONE:
            mp_bluetooth_gap_on_scan_complete();
            break;
        #endif
        #if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
        case MP_ZB_EVENT_SERVICE:
            mp_bluetooth_gattc_on_primary_service_result(e->conn_handle, e->v[0], e->v[1], &uuid);
            break;
        case MP_ZB_EVENT_CHARACTERISTIC:
            mp_bluetooth_gattc_on_characteristic_result(e->conn_handle, e->v[0], e->v[1], e->u8, &uuid);
            break;
        case MP_ZB_EVENT_DESCRIPTOR:
            mp_bluetooth_gattc_on_descriptor_result(e->conn_handle, e->v[0], &uuid);
            break;
        case MP_ZB_EVENT_DISCOVER_DONE:
            mp_bluetooth_gattc_on_discover_complete(e->irq, e->conn_handle, e->v[0]);
            break;
        case MP_ZB_EVENT_DATA:
            mp_bluetooth_gattc_on_data_available(e->irq, e->conn_handle, e->v[0], &data, &data_len, 1);
            break;
        case MP_ZB_EVENT_STATUS:
            mp_bluetooth_gattc_on_read_write_status(e->irq, e->conn_handle, e->v[0], e->v[1]);
            break;
        #endif
        #if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
        case MP_ZB_EVENT_ENCRYPTION:
            mp_bluetooth_gatts_on_encryption_update(e->conn_handle, e->v[0], e->v[1], e->v[2], e->u8);
            break;
        case MP_ZB_EVENT_PASSKEY:
            mp_bluetooth_gap_on_passkey_action(e->conn_handle, e->u8, e->v[0] | ((mp_int_t)e->v[1] << 16));
            break;
        #endif
        #if MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS
        case MP_ZB_EVENT_L2CAP:
            mp_zb_l2cap_raise(e);
            break;
        #endif
    }
}

static bool mp_zb_events_held;
// Events queued up to this one were queued before the IRQ being raised now: with NimBLE, whose IRQs
// run inside the host, they would come after whatever its handler does. 0: no IRQ is being raised.
static uint32_t mp_zb_events_raising_seq;

// Python wrote this value: queued writes of the peer that came before it must not put theirs back.
void mp_zb_gatts_write_supersedes(uint16_t value_handle) {
    mp_bluetooth_zephyr_root_pointers_t *root = MP_ZB_ROOT;
    for (size_t i = 0; root != NULL && i < root->events_count; ++i) {
        mp_zb_event_t *e = mp_zb_event_at(i);
        if (e->kind == MP_ZB_EVENT_GATTS_WRITE && e->v[0] == value_handle && e->seq > mp_zb_events_raising_seq) {
            e->u8 = 0;
        }
    }
}

void mp_bluetooth_zephyr_hold_events(bool hold) {
    mp_zb_events_held = hold;
}

// Handlers may run the host (and so queue more): each event is copied out before it is raised. The
// entries the host stored go out first, so a bond is saved before Python hears of the encryption.
void mp_zb_events_raise(void) {
    #if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
    if (!mp_zb_events_held && mp_zb_python_sees_events()) {
        mp_zb_secrets_flush();
    }
    #endif
    while (!mp_zb_events_held && mp_zb_python_sees_events() && MP_ZB_ROOT != NULL && MP_ZB_ROOT->events_count > 0) {
        mp_bluetooth_zephyr_root_pointers_t *root = MP_ZB_ROOT;
        mp_zb_event_t e = root->events[root->events_head];
        root->events_head = (root->events_head + 1) % MICROPY_BLUETOOTH_ZEPHYR_EVENT_SLOTS;
        --root->events_count;
        uint32_t outer = mp_zb_events_raising_seq;
        mp_zb_events_raising_seq = root->events_pushed;
        mp_zb_event_raise(&e);
        mp_zb_events_raising_seq = outer;
        #if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
        mp_zb_secrets_flush();
        #endif
    }
}

void mp_zb_queue_connection(uint8_t irq, uint16_t conn_handle, uint8_t addr_type, const uint8_t *addr) {
    mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_CONNECTION, conn_handle);
    if (e != NULL) {
        e->irq = irq;
        e->u8 = addr_type;
        memcpy(e->addr, addr, 6);
    }
}

// A write to one of our attributes, with the bytes it stored at offset start (see mp_zb_gatts_restore_write).
void mp_zb_queue_gatts_write(uint16_t conn_handle, uint16_t value_handle, bool append, size_t start, const uint8_t *stored, size_t n) {
    mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_GATTS_WRITE, conn_handle);
    if (e != NULL) {
        e->v[0] = value_handle;
        e->v[1] = start;
        e->u8 = !append && n <= MP_ZB_EVENT_DATA_MAX;
        if (e->u8) {
            mp_zb_event_data(e, stored, n);
        }
    }
}

// An event of this kind with up to four 16-bit values and one byte.
void mp_zb_queue(uint8_t kind, uint8_t irq, uint16_t conn_handle, uint16_t v0, uint16_t v1, uint8_t u8) {
    mp_zb_event_t *e = mp_zb_event_push(kind, conn_handle);
    if (e != NULL) {
        e->irq = irq;
        e->v[0] = v0;
        e->v[1] = v1;
        e->u8 = u8;
    }
}

// ---------------------------------------------------------------------------
// Addresses and UUIDs.

// MicroPython shows addresses most significant byte first; Zephyr keeps them as on air.
void mp_zb_reverse_addr(uint8_t *out, const uint8_t *in) {
    for (size_t i = 0; i < 6; ++i) {
        out[i] = in[5 - i];
    }
}

// Zephyr's identity address types (2, 3) are the public and random ones MicroPython shows.
uint8_t mp_zb_addr_type(const bt_addr_le_t *addr) {
    return addr->type & 1;
}

void mp_zb_uuid_from_mp(mp_zb_uuid_t *out, const mp_obj_bluetooth_uuid_t *uuid) {
    switch (uuid->type) {
        case MP_BLUETOOTH_UUID_TYPE_16:
            out->u16.uuid.type = BT_UUID_TYPE_16;
            out->u16.val = uuid->data[0] | (uuid->data[1] << 8);
            break;
        case MP_BLUETOOTH_UUID_TYPE_32:
            out->u32.uuid.type = BT_UUID_TYPE_32;
            out->u32.val = uuid->data[0] | (uuid->data[1] << 8) | (uuid->data[2] << 16) | ((uint32_t)uuid->data[3] << 24);
            break;
        default:
            // Both keep 128-bit UUIDs little-endian.
            out->u128.uuid.type = BT_UUID_TYPE_128;
            memcpy(out->u128.val, uuid->data, 16);
            break;
    }
}

mp_obj_bluetooth_uuid_t mp_zb_uuid_to_mp(const struct bt_uuid *uuid) {
    mp_obj_bluetooth_uuid_t result;
    result.base.type = &mp_type_bluetooth_uuid;
    switch (uuid->type) {
        case BT_UUID_TYPE_16: {
            uint16_t v = BT_UUID_16(uuid)->val;
            result.type = MP_BLUETOOTH_UUID_TYPE_16;
            result.data[0] = v & 0xff;
            result.data[1] = v >> 8;
            break;
        }
        case BT_UUID_TYPE_32: {
            uint32_t v = BT_UUID_32(uuid)->val;
            result.type = MP_BLUETOOTH_UUID_TYPE_32;
            for (size_t i = 0; i < 4; ++i) {
                result.data[i] = (v >> (8 * i)) & 0xff;
            }
            break;
        }
        default:
            result.type = MP_BLUETOOTH_UUID_TYPE_128;
            memcpy(result.data, BT_UUID_128(uuid)->val, 16);
            break;
    }
    return result;
}

// ---------------------------------------------------------------------------
// Connections.

mp_zb_conn_t *mp_zb_conn_by_conn(const struct bt_conn *conn) {
    if (MP_ZB_ROOT == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
        if (MP_ZB_ROOT->conns[i].conn == conn) {
            return &MP_ZB_ROOT->conns[i];
        }
    }
    return NULL;
}

mp_zb_conn_t *mp_zb_conn_by_handle(uint16_t conn_handle) {
    if (MP_ZB_ROOT == NULL || mp_zb_state != MP_ZB_STATE_ACTIVE) {
        return NULL;
    }
    for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
        mp_zb_conn_t *c = &MP_ZB_ROOT->conns[i];
        if (c->conn != NULL && c->handle == conn_handle) {
            return c;
        }
    }
    return NULL;
}

uint16_t mp_zb_conn_handle(const struct bt_conn *conn) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    return c != NULL ? c->handle : MP_ZB_CONN_HANDLE_NONE;
}

// What one ATT PDU of this connection carries of a value. NimBLE cuts longer values to it and sends
// them in one PDU; Zephyr would split a write into prepared writes and refuse a notification.
size_t mp_zb_att_value_len(struct bt_conn *conn, size_t len) {
    return MIN(len, (size_t)(bt_gatt_get_mtu(conn) - 3));
}

void mp_zb_conn_release(mp_zb_conn_t *c) {
    struct bt_conn *conn = c->conn;
    #if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
    // The write copy stays for the slot's next connection.
    uint8_t *write_data = c->write_data;
    size_t write_data_alloc = c->write_data_alloc;
    #endif
    memset(c, 0, sizeof(*c));
    #if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT
    c->write_data = write_data;
    c->write_data_alloc = write_data_alloc;
    #endif
    bt_conn_unref(conn);
}

static void mp_zb_att_mtu_updated(struct bt_conn *conn, uint16_t tx, uint16_t rx) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    if (c != NULL) {
        mp_zb_queue(MP_ZB_EVENT_MTU, 0, c->handle, MIN(tx, rx), 0, 0);
    }
}

static struct bt_gatt_cb mp_zb_gatt_callbacks = {
    .att_mtu_updated = mp_zb_att_mtu_updated,
};

// ---------------------------------------------------------------------------
// Driving the host.

void mp_bluetooth_zephyr_poll(void) {
    if (mp_zb_state == MP_ZB_STATE_OFF) {
        return;
    }
    if (mp_zb_state != MP_ZB_STATE_FAULTED) {
        // The port's scheduler has no handler for what the host raises: a fault stops here, reported
        // through the IRQs below.
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_bluetooth_zephyr_hal_poll();
            nlr_pop();
        } else if (mp_zb_state != MP_ZB_STATE_FAULTED) {
            nlr_jump(nlr.ret_val);
        }
    }
    mp_zb_events_raise();
}

bool mp_bluetooth_zephyr_is_running(void) {
    return mp_zb_state != MP_ZB_STATE_OFF;
}

static void mp_zb_count_pool(struct net_buf_pool *pool, struct mp_bluetooth_zephyr_stats *stats) {
    size_t free_count = pool->uninit_count;
    // The free list links buffers through their first word (hal/zephyr_ble_queue.c).
    for (void *p = pool->free._queue.head; p != NULL; p = *(void **)p) {
        ++free_count;
    }
    stats->net_buf_free += free_count;
    stats->net_buf_total += pool->buf_count;
    stats->net_buf_pools += 1;
}

void mp_bluetooth_zephyr_get_stats(struct mp_bluetooth_zephyr_stats *stats) {
    memset(stats, 0, sizeof(*stats));
    STRUCT_SECTION_FOREACH(net_buf_pool, pool) {
        mp_zb_count_pool(pool, stats);
    }
    stats->work_queued = mp_bluetooth_zephyr_hal_work_queued_count();
    stats->work_delayed = mp_bluetooth_zephyr_hal_work_delayed_count();
    if (MP_ZB_ROOT != NULL) {
        for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
            stats->conns += MP_ZB_ROOT->conns[i].conn != NULL;
        }
        stats->events_dropped = MP_ZB_ROOT->events_dropped;
    }
    #if defined(CONFIG_SETTINGS)
    stats->settings_entries = mp_bluetooth_zephyr_settings_count();
    #endif
    struct mp_bluetooth_zephyr_h4_stats h4;
    mp_bluetooth_zephyr_h4_get_stats(&h4);
    stats->h4_rx_packets = h4.rx_packets;
    stats->h4_tx_packets = h4.tx_packets;
    stats->h4_rx_dropped_bytes = h4.rx_dropped_bytes;
    stats->hci_cmd_timeouts = mp_bluetooth_zephyr_hci_guard_timeouts();
    stats->host_faults = mp_zb_host_faults;
}

// Runs the host until no connection is left or the time is up (deactivation).
static void mp_zb_wait_disconnected(uint32_t timeout_ms) {
    uint64_t until = mp_bluetooth_zephyr_port_ticks_ms() + timeout_ms;
    for (;;) {
        size_t left = 0;
        for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
            left += MP_ZB_ROOT->conns[i].conn != NULL;
        }
        if (left == 0 || mp_bluetooth_zephyr_port_ticks_ms() >= until) {
            return;
        }
        mp_bluetooth_zephyr_hal_poll();
        mp_bluetooth_zephyr_port_idle();
    }
}

// ---------------------------------------------------------------------------
// Host faults. A failed assertion leaves the host's own state half-changed, and the frames that were
// changing it are unwound: nothing of it runs again until the next active(), which starts from a
// clean host (bt_disable needs no answer from the controller).

// Every connection ends for Python now: the host that held them is gone.
static void mp_zb_fault_report(void) {
    if (MP_ZB_ROOT == NULL) {
        return;
    }
    for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
        mp_zb_conn_t *c = &MP_ZB_ROOT->conns[i];
        struct bt_conn_info info;
        if (c->conn == NULL || bt_conn_get_info(c->conn, &info) != 0) {
            continue;
        }
        uint8_t addr[6];
        mp_zb_reverse_addr(addr, info.le.dst->a.val);
        uint8_t event = info.role == BT_CONN_ROLE_CENTRAL ? MP_BLUETOOTH_IRQ_PERIPHERAL_DISCONNECT : MP_BLUETOOTH_IRQ_CENTRAL_DISCONNECT;
        mp_zb_queue_connection(event, c->handle, mp_zb_addr_type(info.le.dst), addr);
        mp_zb_conn_release(c);
    }
}

void mp_bluetooth_zephyr_host_fault(void) {
    if (!mp_zb_in_fault && mp_zb_state != MP_ZB_STATE_OFF && mp_zb_state != MP_ZB_STATE_FAULTED) {
        mp_zb_in_fault = true;
        ++mp_zb_host_faults;
        mp_zb_state = MP_ZB_STATE_FAULTED;
        mp_zb_fault_report();
        mp_zb_in_fault = false;
    }
    mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("Zephyr BLE host fault"));
}

// Runs fn, ending a host fault inside it there; false when one did.
static bool mp_zb_guarded(void (*fn)(void)) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        fn();
        nlr_pop();
        return true;
    }
    return false;
}

// bt_disable ends each connection through work of its own (the disconnected callbacks, the last
// references): one more pass runs it before the HAL is reset.
static void mp_zb_disable_host(void) {
    mp_zb_gatts_deinit();
    bt_disable();
    mp_bluetooth_zephyr_hal_poll();
}

// The host's entries are Python's now (or lost with the host, as NimBLE's are): the next activation
// loads them again, and none stays in a heap a soft reset sweeps.
static void mp_zb_forget_settings(void) {
    #if defined(CONFIG_SETTINGS)
    mp_bluetooth_zephyr_settings_clear();
    #endif
}

// After a fault: what deactivation does, without the controller (it may be what failed).
static void mp_zb_fault_cleanup(void) {
    // The passes the fault unwound, and the work and timers they left.
    mp_bluetooth_zephyr_hal_deinit();
    mp_zb_events_raise();
    mp_zb_in_fault = true;
    mp_zb_guarded(mp_zb_disable_host);
    mp_zb_in_fault = false;
    mp_zb_gap_reset();
    mp_bluetooth_zephyr_port_stop();
    mp_bluetooth_zephyr_hal_deinit();
    mp_zb_forget_settings();
    MP_ZB_ROOT = NULL;
    mp_zb_state = MP_ZB_STATE_OFF;
}

// Deactivation with the controller: peers are told, then the host lets go of everything.
static void mp_zb_deactivate(void) {
    mp_zb_events_raise();
    mp_zb_state = MP_ZB_STATE_STOPPING;
    mp_zb_gap_stop();
    // Say goodbye to peers properly: bt_disable alone would leave the links to time out.
    for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
        if (MP_ZB_ROOT->conns[i].conn != NULL) {
            bt_conn_disconnect(MP_ZB_ROOT->conns[i].conn, BT_HCI_ERR_REMOTE_USER_TERM_CONN);
        }
    }
    mp_zb_wait_disconnected(1000);
    #if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
    // What the host stored as the links ended (CCC state of bonded peers), including stores it
    // deferred to the work queue, which bt_disable would drop.
    k_work_queue_drain(&k_sys_work_q, false);
    mp_zb_secrets_flush();
    #endif
    mp_zb_disable_host();
    // Connections bt_disable cleaned up without a disconnection event.
    for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
        if (MP_ZB_ROOT->conns[i].conn != NULL) {
            mp_zb_conn_release(&MP_ZB_ROOT->conns[i]);
        }
    }
    mp_zb_gap_reset();
    mp_bluetooth_zephyr_port_stop();
    mp_bluetooth_zephyr_hal_deinit();
    mp_zb_forget_settings();
    MP_ZB_ROOT = NULL;
    mp_zb_state = MP_ZB_STATE_OFF;
}

// ---------------------------------------------------------------------------
// Activation and the ATT MTU, as extmod/modbluetooth.h declares them.

int mp_bluetooth_init(void) {
    if (mp_zb_state == MP_ZB_STATE_ACTIVE) {
        return 0;
    }
    if (mp_zb_state == MP_ZB_STATE_FAULTED) {
        mp_zb_fault_cleanup();
    }
    // Fresh state for every activation: a pointer left from before a soft reset points into a swept heap.
    MP_ZB_ROOT = m_new0(mp_bluetooth_zephyr_root_pointers_t, 1);
    mp_bluetooth_gatts_db_create(&MP_ZB_ROOT->gatts_db);
    mp_bluetooth_gatts_db_reset(MP_ZB_ROOT->gatts_db);
    if (!mp_zb_host_initialised) {
        // What Zephyr's boot does once: SYS_INIT entries, and callback lists that cannot take an entry twice.
        int err = mp_bluetooth_zephyr_hal_run_inits();
        if (err) {
            return mp_zb_errno(err);
        }
        bt_gatt_cb_register(&mp_zb_gatt_callbacks);
    }
    #if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
    mp_zb_security_init(!mp_zb_host_initialised);
    #endif
    mp_zb_host_initialised = true;
    mp_zb_gap_init();
    mp_zb_state = MP_ZB_STATE_STARTING;
    mp_bluetooth_zephyr_port_start();
    // Synchronous: the HAL runs the HCI exchange of the host's start-up in nested passes.
    int err = bt_enable(NULL);
    #if defined(CONFIG_BT_SETTINGS)
    if (err == 0) {
        // With settings the host waits for them to finish its start (identity, keys).
        err = settings_load();
    }
    if (err == 0) {
        // The identity and IRK a first start creates are stored from the work queue: store them
        // now, so they reach Python before anything can use them.
        k_work_queue_drain(&k_sys_work_q, false);
    }
    #endif
    if (err) {
        // bt_enable leaves the host marked enabled when it fails (no controller, say): undo it, so
        // the next active(True) tries again instead of getting EALREADY.
        bt_disable();
        mp_zb_state = MP_ZB_STATE_OFF;
        mp_bluetooth_zephyr_port_stop();
        mp_bluetooth_zephyr_hal_deinit();
        mp_zb_forget_settings();
        // Nothing of this attempt stays reachable: a soft reset before the next would leave it dangling.
        MP_ZB_ROOT = NULL;
        return mp_zb_errno(err);
    }
    mp_zb_state = MP_ZB_STATE_ACTIVE;
    return 0;
}

int mp_bluetooth_deinit(void) {
    // Also called at exit, where nothing would handle a fault: one during deactivation is cleaned up here.
    if (mp_zb_state != MP_ZB_STATE_OFF && mp_zb_state != MP_ZB_STATE_FAULTED) {
        mp_zb_guarded(mp_zb_deactivate);
    }
    if (mp_zb_state == MP_ZB_STATE_FAULTED) {
        mp_zb_fault_cleanup();
    }
    return 0;
}

bool mp_bluetooth_is_active(void) {
    return mp_zb_state == MP_ZB_STATE_ACTIVE;
}

int mp_bluetooth_get_preferred_mtu(void) {
    if (!mp_bluetooth_is_active()) {
        mp_raise_OSError(MP_ENODEV);
    }
    return mp_zb_preferred_mtu;
}

int mp_bluetooth_set_preferred_mtu(uint16_t mtu) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    // Refused outside the range NimBLE takes, as there.
    if (mtu < MP_ZB_ATT_MTU_MIN || mtu > MP_ZB_ATT_MTU_LIMIT) {
        return MP_EINVAL;
    }
    // No more than the host's buffers take; config("mtu") then shows what is in effect.
    mp_zb_preferred_mtu = MIN(mtu, MP_ZB_ATT_MTU_MAX);
    mp_bluetooth_zephyr_h4_set_att_mtu(mp_zb_preferred_mtu);
    return 0;
}

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
