// The GATT server of the Zephyr BLE backend: services registered into Zephyr's dynamic database,
// attribute values kept in MicroPython's store (gatts_db), notifications and indications.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_gatts.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

static const struct bt_uuid_16 mp_zb_uuid_primary = BT_UUID_INIT_16(BT_UUID_GATT_PRIMARY_VAL);
static const struct bt_uuid_16 mp_zb_uuid_chrc = BT_UUID_INIT_16(BT_UUID_GATT_CHRC_VAL);
static const struct bt_uuid_16 mp_zb_uuid_ccc = BT_UUID_INIT_16(BT_UUID_GATT_CCC_VAL);
// The type of a stand-in attribute: anything but a characteristic declaration.
static const struct bt_uuid_16 mp_zb_uuid_standin = BT_UUID_INIT_16(0x0000);

// ---------------------------------------------------------------------------
// GATT server: attribute access goes to MicroPython's value store (gatts_db).

static ssize_t mp_zb_attr_read(struct bt_conn *conn, const struct bt_gatt_attr *attr, void *buf, uint16_t len, uint16_t offset) {
    if (MP_ZB_ROOT == NULL) {
        return BT_GATT_ERR(BT_ATT_ERR_UNLIKELY);
    }
    if (offset == 0 && mp_zb_python_sees_events()) {
        // A long read asks once, at its first part, after the events queued before it (an
        // encryption update that allowed this read, say).
        mp_zb_events_raise();
        mp_int_t status = mp_bluetooth_gatts_on_read_request(mp_zb_conn_handle(conn), attr->handle);
        if (status != MP_BLUETOOTH_GATTS_NO_ERROR) {
            return BT_GATT_ERR(status);
        }
    }
    // Looked up, not read: reading an append buffer empties it, and only Python's gatts_read may.
    mp_bluetooth_gatts_db_entry_t *entry = mp_bluetooth_gatts_db_lookup(MP_ZB_ROOT->gatts_db, attr->handle);
    if (entry == NULL) {
        return BT_GATT_ERR(BT_ATT_ERR_INVALID_HANDLE);
    }
    return bt_gatt_attr_read(conn, attr, buf, len, offset, entry->data, entry->data_len);
}

static ssize_t mp_zb_attr_write(struct bt_conn *conn, const struct bt_gatt_attr *attr, const void *buf, uint16_t len, uint16_t offset, uint8_t flags) {
    if (flags & BT_GATT_WRITE_FLAG_PREPARE) {
        // Queued long write: accept now, take the parts when it executes.
        return 0;
    }
    if (MP_ZB_ROOT == NULL) {
        return BT_GATT_ERR(BT_ATT_ERR_UNLIKELY);
    }
    mp_bluetooth_gatts_db_entry_t *entry = mp_bluetooth_gatts_db_lookup(MP_ZB_ROOT->gatts_db, attr->handle);
    if (entry == NULL) {
        return BT_GATT_ERR(BT_ATT_ERR_INVALID_HANDLE);
    }
    // As the NimBLE binding does: append if asked (gatts_set_buffer), keep what fits the buffer.
    size_t start = entry->append ? entry->data_len : offset;
    if (start > entry->data_alloc) {
        return BT_GATT_ERR(BT_ATT_ERR_INVALID_OFFSET);
    }
    size_t n = MIN((size_t)len, entry->data_alloc - start);
    memcpy(entry->data + start, buf, n);
    entry->data_len = start + n;
    mp_zb_queue_gatts_write(mp_zb_conn_handle(conn), attr->handle, entry->append, start, entry->data + start, n);
    return len;
}

static uint16_t mp_zb_perm(uint16_t flags) {
    uint16_t perm = 0;
    if (flags & (MP_BLUETOOTH_CHARACTERISTIC_FLAG_READ | MP_BLUETOOTH_CHARACTERISTIC_FLAG_READ_ENCRYPTED | MP_BLUETOOTH_CHARACTERISTIC_FLAG_READ_AUTHENTICATED)) {
        perm |= BT_GATT_PERM_READ;
    }
    if (flags & MP_BLUETOOTH_CHARACTERISTIC_FLAG_READ_ENCRYPTED) {
        perm |= BT_GATT_PERM_READ_ENCRYPT;
    }
    if (flags & MP_BLUETOOTH_CHARACTERISTIC_FLAG_READ_AUTHENTICATED) {
        perm |= BT_GATT_PERM_READ_AUTHEN;
    }
    if (flags & (MP_BLUETOOTH_CHARACTERISTIC_FLAG_WRITE | MP_BLUETOOTH_CHARACTERISTIC_FLAG_WRITE_NO_RESPONSE | MP_BLUETOOTH_CHARACTERISTIC_FLAG_WRITE_ENCRYPTED | MP_BLUETOOTH_CHARACTERISTIC_FLAG_WRITE_AUTHENTICATED)) {
        perm |= BT_GATT_PERM_WRITE | BT_GATT_PERM_PREPARE_WRITE;
    }
    if (flags & MP_BLUETOOTH_CHARACTERISTIC_FLAG_WRITE_ENCRYPTED) {
        perm |= BT_GATT_PERM_WRITE_ENCRYPT;
    }
    if (flags & MP_BLUETOOTH_CHARACTERISTIC_FLAG_WRITE_AUTHENTICATED) {
        perm |= BT_GATT_PERM_WRITE_AUTHEN;
    }
    return perm;
}

static bool mp_zb_subscribable(uint16_t flags) {
    return flags & (MP_BLUETOOTH_CHARACTERISTIC_FLAG_NOTIFY | MP_BLUETOOTH_CHARACTERISTIC_FLAG_INDICATE);
}

static void mp_zb_attr_value(struct bt_gatt_attr *attr, const struct bt_uuid *uuid, uint16_t flags) {
    attr->uuid = uuid;
    attr->perm = mp_zb_perm(flags);
    attr->read = (attr->perm & BT_GATT_PERM_READ) ? mp_zb_attr_read : NULL;
    attr->write = (attr->perm & BT_GATT_PERM_WRITE) ? mp_zb_attr_write : NULL;
}

static void mp_zb_services_unregister_all(void) {
    for (size_t i = 0; i < MP_ZB_ROOT->services_len; ++i) {
        bt_gatt_service_unregister(&MP_ZB_ROOT->services[i]->service);
        MP_ZB_ROOT->services[i] = NULL;
    }
    MP_ZB_ROOT->services_len = 0;
}

static void mp_zb_services_add(mp_zb_service_t *service) {
    mp_bluetooth_zephyr_root_pointers_t *root = MP_ZB_ROOT;
    if (root->services_len == root->services_alloc) {
        size_t alloc = root->services_alloc ? 2 * root->services_alloc : 4;
        root->services = m_renew(mp_zb_service_t *, root->services, root->services_alloc, alloc);
        root->services_alloc = alloc;
    }
    root->services[root->services_len++] = service;
}

// The attribute with this handle (ours or the host's own), or NULL.
static uint8_t mp_zb_attr_found(const struct bt_gatt_attr *attr, uint16_t handle, void *user_data) {
    (void)handle;
    *(const struct bt_gatt_attr **)user_data = attr;
    return BT_GATT_ITER_STOP;
}

static const struct bt_gatt_attr *mp_zb_attr_by_handle(uint16_t handle) {
    const struct bt_gatt_attr *attr = NULL;
    bt_gatt_foreach_attr(handle, handle, mp_zb_attr_found, &attr);
    return attr;
}

static void mp_zb_indicate_done(struct bt_conn *conn, struct bt_gatt_indicate_params *params, uint8_t err) {
    (void)params;
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    if (c == NULL || c->indicate_handle == 0) {
        return;
    }
    uint16_t value_handle = c->indicate_handle;
    c->indicate_handle = 0;
    mp_zb_queue(MP_ZB_EVENT_INDICATE_DONE, 0, c->handle, value_handle, 0, err);
}

static int mp_zb_notify_indicate(mp_zb_conn_t *c, const struct bt_gatt_attr *attr, int gatts_op, const uint8_t *value, size_t value_len) {
    value_len = mp_zb_att_value_len(c->conn, value_len);
    if (gatts_op == MP_BLUETOOTH_GATTS_OP_NOTIFY) {
        struct bt_gatt_notify_params params = { .attr = attr, .data = value, .len = value_len };
        return mp_zb_errno(bt_gatt_notify_cb(c->conn, &params));
    }
    if (c->indicate_handle != 0) {
        // One indication at a time per connection: ATT allows no more.
        return MP_EALREADY;
    }
    c->indicate = (struct bt_gatt_indicate_params) { .attr = attr, .func = mp_zb_indicate_done, .data = value, .len = value_len };
    c->indicate_handle = attr->handle;
    int err = bt_gatt_indicate(c->conn, &c->indicate);
    if (err) {
        c->indicate_handle = 0;
    }
    return mp_zb_errno(err);
}

void mp_zb_gatts_deinit(void) {
    mp_zb_services_unregister_all();
}

// ---------------------------------------------------------------------------
// The GATT server, as extmod/modbluetooth.h declares it.

int mp_bluetooth_gatts_register_service_begin(bool append) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    if (!append) {
        mp_zb_services_unregister_all();
        mp_bluetooth_gatts_db_reset(MP_ZB_ROOT->gatts_db);
    }
    return 0;
}

int mp_bluetooth_gatts_register_service(mp_obj_bluetooth_uuid_t *service_uuid, mp_obj_bluetooth_uuid_t **characteristic_uuids, uint16_t *characteristic_flags, mp_obj_bluetooth_uuid_t **descriptor_uuids, uint16_t *descriptor_flags, uint8_t *num_descriptors, uint16_t *handles, size_t num_characteristics) {
    // Layout: service; per characteristic its declaration, value, CCC (if it notifies or
    // indicates) and descriptors. Zephyr gives the handles when the service is registered.
    size_t attr_count = 1;
    size_t ccc_count = 0;
    size_t descriptor_total = 0;
    for (size_t i = 0; i < num_characteristics; ++i) {
        bool ccc = mp_zb_subscribable(characteristic_flags[i]);
        attr_count += 2 + ccc + num_descriptors[i];
        ccc_count += ccc;
        descriptor_total += num_descriptors[i];
    }
    mp_zb_service_t *service = m_new0(mp_zb_service_t, 1);
    struct bt_gatt_attr *attrs = m_new0(struct bt_gatt_attr, attr_count);
    service->uuids = m_new0(mp_zb_uuid_t, 1 + num_characteristics + descriptor_total);
    service->chrcs = m_new0(struct bt_gatt_chrc, num_characteristics);
    service->cccs = ccc_count ? m_new0(struct _bt_gatt_ccc, ccc_count) : NULL;
    service->service.attrs = attrs;
    service->service.attr_count = attr_count;

    mp_zb_uuid_t *uuid = service->uuids;
    struct _bt_gatt_ccc *ccc = service->cccs;
    struct bt_gatt_attr *attr = attrs;
    mp_zb_uuid_from_mp(uuid, service_uuid);
    *attr++ = (struct bt_gatt_attr) { .uuid = &mp_zb_uuid_primary.uuid, .read = bt_gatt_attr_read_service, .user_data = &uuid->uuid, .perm = BT_GATT_PERM_READ };
    ++uuid;
    size_t descriptor_index = 0;
    for (size_t i = 0; i < num_characteristics; ++i) {
        uint16_t flags = characteristic_flags[i];
        mp_zb_uuid_from_mp(uuid, characteristic_uuids[i]);
        service->chrcs[i] = (struct bt_gatt_chrc) { .uuid = &uuid->uuid, .properties = flags & 0xff };
        *attr++ = (struct bt_gatt_attr) { .uuid = &mp_zb_uuid_chrc.uuid, .read = bt_gatt_attr_read_chrc, .user_data = &service->chrcs[i], .perm = BT_GATT_PERM_READ };
        mp_zb_attr_value(attr++, &uuid->uuid, flags);
        ++uuid;
        if (mp_zb_subscribable(flags)) {
            *attr++ = (struct bt_gatt_attr) { .uuid = &mp_zb_uuid_ccc.uuid, .read = bt_gatt_attr_read_ccc, .write = bt_gatt_attr_write_ccc, .user_data = ccc++, .perm = BT_GATT_PERM_READ | BT_GATT_PERM_WRITE };
        }
        for (size_t j = 0; j < num_descriptors[i]; ++j, ++descriptor_index) {
            mp_zb_uuid_from_mp(uuid, descriptor_uuids[descriptor_index]);
            mp_zb_attr_value(attr++, &uuid->uuid, descriptor_flags[descriptor_index]);
            ++uuid;
        }
    }

    int err = bt_gatt_service_register(&service->service);
    if (err) {
        return mp_zb_errno(err);
    }
    mp_zb_services_add(service);

    // Handles as modbluetooth.c expects them: each characteristic's value, then its descriptors.
    size_t handle_index = 0;
    attr = &attrs[1];
    for (size_t i = 0; i < num_characteristics; ++i) {
        ++attr; // declaration
        handles[handle_index++] = attr->handle;
        mp_bluetooth_gatts_db_create_entry(MP_ZB_ROOT->gatts_db, attr->handle, MP_BLUETOOTH_DEFAULT_ATTR_LEN);
        ++attr;
        if (mp_zb_subscribable(characteristic_flags[i])) {
            ++attr;
        }
        for (size_t j = 0; j < num_descriptors[i]; ++j, ++attr) {
            handles[handle_index++] = attr->handle;
            mp_bluetooth_gatts_db_create_entry(MP_ZB_ROOT->gatts_db, attr->handle, MP_BLUETOOTH_DEFAULT_ATTR_LEN);
        }
    }
    return 0;
}

int mp_bluetooth_gatts_register_service_end(void) {
    return 0;
}

int mp_bluetooth_gatts_read(uint16_t value_handle, const uint8_t **value, size_t *value_len) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    return mp_bluetooth_gatts_db_read(MP_ZB_ROOT->gatts_db, value_handle, value, value_len);
}

int mp_bluetooth_gatts_write(uint16_t value_handle, const uint8_t *value, size_t value_len, bool send_update) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    int err = mp_bluetooth_gatts_db_write(MP_ZB_ROOT->gatts_db, value_handle, value, value_len);
    if (err == 0) {
        mp_zb_gatts_write_supersedes(value_handle);
    }
    if (err != 0 || !send_update) {
        return err;
    }
    // To every connection that subscribed, the way its CCC asks.
    const struct bt_gatt_attr *attr = mp_zb_attr_by_handle(value_handle);
    if (attr == NULL) {
        return MP_EINVAL;
    }
    for (size_t i = 0; i < CONFIG_BT_MAX_CONN; ++i) {
        mp_zb_conn_t *c = &MP_ZB_ROOT->conns[i];
        if (c->conn == NULL) {
            continue;
        }
        if (bt_gatt_is_subscribed(c->conn, attr, BT_GATT_CCC_NOTIFY)) {
            err = mp_zb_notify_indicate(c, attr, MP_BLUETOOTH_GATTS_OP_NOTIFY, value, value_len);
        } else if (bt_gatt_is_subscribed(c->conn, attr, BT_GATT_CCC_INDICATE)) {
            err = mp_zb_notify_indicate(c, attr, MP_BLUETOOTH_GATTS_OP_INDICATE, value, value_len);
        }
    }
    return err;
}

int mp_bluetooth_gatts_notify_indicate(uint16_t conn_handle, uint16_t value_handle, int gatts_op, const uint8_t *value, size_t value_len) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    if (value == NULL) {
        // No value given: send the stored one, leaving an append buffer as it is.
        mp_bluetooth_gatts_db_entry_t *entry = mp_bluetooth_gatts_db_lookup(MP_ZB_ROOT->gatts_db, value_handle);
        if (entry == NULL) {
            return MP_EINVAL;
        }
        value = entry->data;
        value_len = entry->data_len;
    }
    const struct bt_gatt_attr *attr = mp_zb_attr_by_handle(value_handle);
    if (attr == NULL) {
        // A handle we do not hold (NimBLE sends those too, and tests rely on it): an attribute
        // that is only that handle, kept in the slot while an indication may still refer to it.
        c->standin = (struct bt_gatt_attr) { .uuid = &mp_zb_uuid_standin.uuid, .handle = value_handle };
        attr = &c->standin;
    }
    return mp_zb_notify_indicate(c, attr, gatts_op, value, value_len);
}

int mp_bluetooth_gatts_set_buffer(uint16_t value_handle, size_t len, bool append) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    return mp_bluetooth_gatts_db_resize(MP_ZB_ROOT->gatts_db, value_handle, len, append);
}

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
