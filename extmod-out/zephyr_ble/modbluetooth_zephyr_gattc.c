// The GATT client of the Zephyr BLE backend: discovery, reads, writes, the MTU exchange, and the
// notifications and indications a peer sends.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_gattc.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT

// Notifications and indications, through the local subscription for their handle.
static uint8_t mp_zb_notified(struct bt_conn *conn, struct bt_gatt_subscribe_params *params, const void *data, uint16_t length) {
    if (data == NULL) {
        // Unsubscribed (the connection went away): the entry is free again.
        params->value_handle = 0;
        return BT_GATT_ITER_STOP;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    if (c == NULL) {
        return BT_GATT_ITER_CONTINUE;
    }
    uint8_t opcode = mp_bluetooth_zephyr_h4_take_att_value_op(c->handle, params->value_handle);
    mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_DATA, c->handle);
    if (e != NULL) {
        e->irq = opcode == 0x1d ? MP_BLUETOOTH_IRQ_GATTC_INDICATE : MP_BLUETOOTH_IRQ_GATTC_NOTIFY;
        e->v[0] = params->value_handle;
        mp_zb_event_data(e, data, length);
    }
    return BT_GATT_ITER_CONTINUE;
}

// Subscribes locally (no CCC write: that stays the application's choice, as with NimBLE) so
// that Zephyr passes this handle's notifications and indications on. MicroPython delivers
// every notification, subscribed or not, whatever the handle: the transport calls this for
// each one before the host sees it (mp_bluetooth_zephyr_h4_att_value_arrived).
static void mp_zb_subscribe_locally(mp_zb_conn_t *c, uint16_t value_handle) {
    struct bt_gatt_subscribe_params *free_entry = NULL;
    for (size_t i = 0; i < MP_ZB_SUBSCRIPTIONS_PER_CONN; ++i) {
        struct bt_gatt_subscribe_params *s = &c->subscriptions[i];
        if (s->value_handle == value_handle) {
            return;
        }
        if (s->value_handle == 0 && free_entry == NULL) {
            free_entry = s;
        }
    }
    if (free_entry == NULL) {
        DEBUG_printf("no room to subscribe to handle %u\n", value_handle);
        return;
    }
    struct bt_conn_info info;
    bt_conn_get_info(c->conn, &info);
    memset(free_entry, 0, sizeof(*free_entry));
    free_entry->notify = mp_zb_notified;
    free_entry->value_handle = value_handle;
    // Never written: only a bonded reconnection would write it, and these are volatile.
    free_entry->ccc_handle = value_handle + 1;
    free_entry->value = BT_GATT_CCC_NOTIFY | BT_GATT_CCC_INDICATE;
    atomic_set_bit(free_entry->flags, BT_GATT_SUBSCRIBE_FLAG_VOLATILE);
    if (bt_gatt_resubscribe(info.id, info.le.dst, free_entry) != 0) {
        free_entry->value_handle = 0;
    }
}

void mp_bluetooth_zephyr_h4_att_value_arrived(uint16_t conn_handle, uint16_t attr_handle, uint8_t opcode) {
    (void)opcode;
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c != NULL) {
        mp_zb_subscribe_locally(c, attr_handle);
    }
}

static void mp_zb_characteristic_flush(mp_zb_conn_t *c, uint16_t end_handle) {
    if (!c->chr_pending) {
        return;
    }
    c->chr_pending = false;
    if (c->discover_filter && bt_uuid_cmp(&c->chr_uuid.uuid, &c->discover_uuid.uuid) != 0) {
        return;
    }
    mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_CHARACTERISTIC, c->handle);
    if (e != NULL) {
        e->v[0] = c->chr_value_handle;
        e->v[1] = end_handle;
        e->u8 = c->chr_properties;
        mp_zb_event_uuid(e, &c->chr_uuid.uuid);
    }
}

static void mp_zb_discover_done(mp_zb_conn_t *c) {
    if (c->discover_done_event == MP_BLUETOOTH_IRQ_GATTC_CHARACTERISTIC_DONE) {
        mp_zb_characteristic_flush(c, c->discover_end_handle);
    }
    uint8_t event = c->discover_done_event;
    c->discover_done_event = 0;
    mp_zb_queue(MP_ZB_EVENT_DISCOVER_DONE, event, c->handle, 0, 0, 0);
}

static uint8_t mp_zb_discovered(struct bt_conn *conn, const struct bt_gatt_attr *attr, struct bt_gatt_discover_params *params) {
    mp_zb_conn_t *c = CONTAINER_OF(params, mp_zb_conn_t, discover);
    (void)conn;
    if (attr == NULL) {
        mp_zb_discover_done(c);
        return BT_GATT_ITER_STOP;
    }
    switch (params->type) {
        case BT_GATT_DISCOVER_PRIMARY: {
            const struct bt_gatt_service_val *service = attr->user_data;
            mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_SERVICE, c->handle);
            if (e != NULL) {
                e->v[0] = attr->handle;
                e->v[1] = service->end_handle;
                mp_zb_event_uuid(e, service->uuid);
            }
            break;
        }
        case BT_GATT_DISCOVER_CHARACTERISTIC: {
            const struct bt_gatt_chrc *chrc = attr->user_data;
            mp_zb_characteristic_flush(c, attr->handle - 1);
            c->chr_pending = true;
            c->chr_value_handle = chrc->value_handle;
            c->chr_properties = chrc->properties;
            memcpy(&c->chr_uuid, chrc->uuid, chrc->uuid->type == BT_UUID_TYPE_16 ? sizeof(struct bt_uuid_16)
                : chrc->uuid->type == BT_UUID_TYPE_32 ? sizeof(struct bt_uuid_32) : sizeof(struct bt_uuid_128));
            break;
        }
        default: {
            mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_DESCRIPTOR, c->handle);
            if (e != NULL) {
                e->v[0] = attr->handle;
                mp_zb_event_uuid(e, attr->uuid);
            }
            break;
        }
    }
    return BT_GATT_ITER_CONTINUE;
}

// One discovery at a time per connection; uuid filters primary services, filter (copied into
// the slot) characteristics.
static int mp_zb_discover(uint16_t conn_handle, uint8_t type, uint16_t start_handle, uint16_t end_handle, uint8_t done_event, const mp_obj_bluetooth_uuid_t *uuid) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    if (c->discover_done_event != 0) {
        return MP_EBUSY;
    }
    if (uuid != NULL) {
        mp_zb_uuid_from_mp(&c->discover_uuid, uuid);
    }
    // Characteristics are all discovered, so each one's end handle is right; the filter applies as they come.
    c->discover_filter = uuid != NULL && type == BT_GATT_DISCOVER_CHARACTERISTIC;
    c->discover.uuid = uuid != NULL && type == BT_GATT_DISCOVER_PRIMARY ? &c->discover_uuid.uuid : NULL;
    c->discover.func = mp_zb_discovered;
    c->discover.type = type;
    c->discover.start_handle = start_handle;
    c->discover.end_handle = end_handle;
    c->discover_end_handle = end_handle;
    c->chr_pending = false;
    c->discover_done_event = done_event;
    int err = bt_gatt_discover(c->conn, &c->discover);
    if (err) {
        c->discover_done_event = 0;
    }
    return mp_zb_errno(err);
}

static uint8_t mp_zb_read_done(struct bt_conn *conn, uint8_t err, struct bt_gatt_read_params *params, const void *data, uint16_t length) {
    (void)conn;
    mp_zb_conn_t *c = CONTAINER_OF(params, mp_zb_conn_t, read);
    uint16_t value_handle = params->single.handle;
    // A short read, as NimBLE's: one part, then done. Without data and without an error the
    // value is empty: NimBLE reports that as an empty result too.
    c->read_busy = false;
    if (data != NULL || err == 0) {
        mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_DATA, c->handle);
        if (e != NULL) {
            e->irq = MP_BLUETOOTH_IRQ_GATTC_READ_RESULT;
            e->v[0] = value_handle;
            mp_zb_event_data(e, data, length);
        }
    }
    mp_zb_queue(MP_ZB_EVENT_STATUS, MP_BLUETOOTH_IRQ_GATTC_READ_DONE, c->handle, value_handle, err, 0);
    return BT_GATT_ITER_STOP;
}

static void mp_zb_write_done(struct bt_conn *conn, uint8_t err, struct bt_gatt_write_params *params) {
    (void)conn;
    mp_zb_conn_t *c = CONTAINER_OF(params, mp_zb_conn_t, write);
    c->write_busy = false;
    mp_zb_queue(MP_ZB_EVENT_STATUS, MP_BLUETOOTH_IRQ_GATTC_WRITE_DONE, c->handle, params->handle, err, 0);
}
// The outcome reaches Python through att_mtu_updated (_IRQ_MTU_EXCHANGED), as on the server side.
static void mp_zb_mtu_exchanged(struct bt_conn *conn, uint8_t err, struct bt_gatt_exchange_params *params) {
    (void)conn;
    (void)err;
    (void)params;
}

// ---------------------------------------------------------------------------
// The GATT client, as extmod/modbluetooth.h declares it.

int mp_bluetooth_gattc_discover_primary_services(uint16_t conn_handle, const mp_obj_bluetooth_uuid_t *uuid) {
    return mp_zb_discover(conn_handle, BT_GATT_DISCOVER_PRIMARY, BT_ATT_FIRST_ATTRIBUTE_HANDLE, BT_ATT_LAST_ATTRIBUTE_HANDLE, MP_BLUETOOTH_IRQ_GATTC_SERVICE_DONE, uuid);
}

int mp_bluetooth_gattc_discover_characteristics(uint16_t conn_handle, uint16_t start_handle, uint16_t end_handle, const mp_obj_bluetooth_uuid_t *uuid) {
    return mp_zb_discover(conn_handle, BT_GATT_DISCOVER_CHARACTERISTIC, start_handle, end_handle, MP_BLUETOOTH_IRQ_GATTC_CHARACTERISTIC_DONE, uuid);
}

int mp_bluetooth_gattc_discover_descriptors(uint16_t conn_handle, uint16_t start_handle, uint16_t end_handle) {
    // Every attribute after start_handle, declarations included, as NimBLE reports them (Zephyr's
    // descriptor discovery would leave out characteristic declarations).
    if (start_handle >= end_handle) {
        return MP_EINVAL;
    }
    return mp_zb_discover(conn_handle, BT_GATT_DISCOVER_ATTRIBUTE, start_handle + 1, end_handle, MP_BLUETOOTH_IRQ_GATTC_DESCRIPTOR_DONE, NULL);
}

int mp_bluetooth_gattc_read(uint16_t conn_handle, uint16_t value_handle) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    if (c->read_busy) {
        return MP_EBUSY;
    }
    c->read = (struct bt_gatt_read_params) { .func = mp_zb_read_done, .handle_count = 1, .single = { .handle = value_handle, .offset = 0 } };
    c->read_busy = true;
    int err = bt_gatt_read(c->conn, &c->read);
    if (err) {
        c->read_busy = false;
    }
    return mp_zb_errno(err);
}

int mp_bluetooth_gattc_write(uint16_t conn_handle, uint16_t value_handle, const uint8_t *value, size_t value_len, unsigned int mode) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    // An unknown mode is refused before the connection is looked at, as with NimBLE.
    if (mode != MP_BLUETOOTH_WRITE_MODE_NO_RESPONSE && mode != MP_BLUETOOTH_WRITE_MODE_WITH_RESPONSE) {
        return MP_EINVAL;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    value_len = mp_zb_att_value_len(c->conn, value_len);
    if (mode == MP_BLUETOOTH_WRITE_MODE_NO_RESPONSE) {
        return mp_zb_errno(bt_gatt_write_without_response(c->conn, value_handle, value, value_len, false));
    }
    if (c->write_busy) {
        return MP_EBUSY;
    }
    if (value_len > c->write_data_alloc) {
        c->write_data = m_renew(uint8_t, c->write_data, c->write_data_alloc, value_len);
        c->write_data_alloc = value_len;
    }
    memcpy(c->write_data, value, value_len);
    c->write = (struct bt_gatt_write_params) { .func = mp_zb_write_done, .handle = value_handle, .offset = 0, .data = c->write_data, .length = value_len };
    c->write_busy = true;
    int err = bt_gatt_write(c->conn, &c->write);
    if (err) {
        c->write_busy = false;
    }
    return mp_zb_errno(err);
}

int mp_bluetooth_gattc_exchange_mtu(uint16_t conn_handle) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    c->exchange.func = mp_zb_mtu_exchanged;
    return mp_zb_errno(bt_gatt_exchange_mtu(c->conn, &c->exchange));
}

#endif // MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
