// GAP for the Zephyr BLE backend: the identity address, the device name, advertising, connection
// events, disconnecting and, in central mode, scanning and connecting.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_gap.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

// Advertising and scan response data as last given: gap_advertise(adv_data=None) keeps them.
static uint8_t mp_zb_adv_data[MP_ZB_ADV_DATA_MAX];
static size_t mp_zb_adv_data_len;
static uint8_t mp_zb_sr_data[MP_ZB_ADV_DATA_MAX];
static size_t mp_zb_sr_data_len;
static bool mp_zb_advertising;
// The address mode, until the next activation as with NimBLE: the advertiser's own-address option,
// naming its identity (addr_mode 0 and 1), or hiding it behind a resolvable (2, with privacy) or
// non-resolvable (3, without) private address. Its identity is the host's first, or a second, static
// random one for addr_mode 1 where the first is public.
static uint32_t mp_zb_adv_own_addr;
static uint8_t mp_zb_adv_id;

#if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
static bool mp_zb_scanning;
static struct k_work_delayable mp_zb_scan_timeout;
static struct bt_conn *mp_zb_connecting; // bt_conn_le_create's reference until it completes
static uint8_t mp_zb_connecting_addr[6];
// bt_conn_le_create waits for its Command Status, and the HAL runs the host's events while it waits:
// when the controller answers late, the connection can complete before the call hands over its
// reference. The callback then marks the attempt ended, and the call drops the reference itself.
static bool mp_zb_creating;
static bool mp_zb_created_early;

#if defined(CONFIG_BT_SMP) && defined(CONFIG_BT_FILTER_ACCEPT_LIST)
// Where the controller cannot resolve addresses (no LL privacy) and a bond holds an IRK, Zephyr 4.1
// connects through a scan of its own, whose advertising reports it then drops because the
// application did not start it (fixed after 4.1, zephyr PR 98411): the attempt never ends. The
// binding finds the peer itself and connects through the filter accept list, which names the
// address the peer has on air.
#define MP_ZB_HOST_RESOLVES (1)
typedef enum {
    MP_ZB_SEEK_NONE,
    MP_ZB_SEEK_SCANNING, // looking for the peer's address on air
    MP_ZB_SEEK_FOUND, // found: the work item starts the filtered connection
    MP_ZB_SEEK_INITIATING, // bt_conn_le_create_auto runs
} mp_zb_seek_t;
static mp_zb_seek_t mp_zb_seek;
static bt_addr_le_t mp_zb_seek_target;
static bt_addr_le_t mp_zb_seek_on_air;
static struct bt_conn_le_create_param mp_zb_seek_create;
static struct bt_le_conn_param mp_zb_seek_param;
static struct k_work mp_zb_seek_work;
static struct k_work_delayable mp_zb_seek_timeout;
static int8_t mp_zb_ll_privacy; // -1 until the controller was asked
static int mp_zb_seek_abandon(void);
static void mp_zb_seek_connect(struct k_work *work);
static void mp_zb_seek_timeout_handler(struct k_work *work);
#else
#define MP_ZB_HOST_RESOLVES (0)
#endif
#endif

// ---------------------------------------------------------------------------
// Advertising.

// Splits raw advertising data into the AD structures Zephyr takes (it writes them back as is).
static int mp_zb_parse_ad(const uint8_t *data, size_t len, struct bt_data *out, size_t *count) {
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint8_t field_len = data[i];
        if (field_len == 0) {
            // Zero padding ends the significant part.
            break;
        }
        if (i + 1 + field_len > len || n == MP_ZB_AD_STRUCTURES_MAX) {
            return MP_EINVAL;
        }
        out[n].type = data[i + 1];
        out[n].data_len = field_len - 1;
        out[n].data = &data[i + 2];
        ++n;
        i += 1 + field_len;
    }
    *count = n;
    return 0;
}
// Zephyr reports a link that came up and went before the host processed its Connection Complete (the
// Disconnection Complete came in the same read) as a failed connection, with the disconnection
// reason. NimBLE reports it connected, then disconnected: so do we, with the handle the transport saw.
static bool mp_zb_link_came_and_went(const struct bt_conn_info *info, uint16_t *handle) {
    return info->le.interval != 0 && mp_bluetooth_zephyr_h4_conn_handle(info->role, info->le.remote->a.val, handle);
}

static void mp_zb_connected(struct bt_conn *conn, uint8_t err) {
    struct bt_conn_info info;
    if (bt_conn_get_info(conn, &info) != 0) {
        return;
    }
    bool ours = false;
    #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
    #if MP_ZB_HOST_RESOLVES
    if (mp_zb_seek == MP_ZB_SEEK_INITIATING && info.role == BT_CONN_ROLE_CENTRAL) {
        mp_zb_seek = MP_ZB_SEEK_NONE;
        k_work_cancel_delayable(&mp_zb_seek_timeout);
        ours = true;
    }
    #endif
    if (conn == mp_zb_connecting || (mp_zb_creating && info.role == BT_CONN_ROLE_CENTRAL)) {
        // Our connection attempt ended; a successful one is referenced by its slot from here.
        ours = true;
        if (mp_zb_connecting != NULL) {
            bt_conn_unref(mp_zb_connecting);
            mp_zb_connecting = NULL;
        } else {
            mp_zb_created_early = true;
        }
    }
    #endif
    if (MP_ZB_ROOT == NULL) {
        return;
    }
    uint8_t addr[6];
    mp_zb_reverse_addr(addr, info.le.dst->a.val);
    uint8_t addr_type = mp_zb_addr_type(info.le.dst);
    bool central = info.role == BT_CONN_ROLE_CENTRAL;
    uint8_t connect_irq = central ? MP_BLUETOOTH_IRQ_PERIPHERAL_CONNECT : MP_BLUETOOTH_IRQ_CENTRAL_CONNECT;
    uint16_t handle;
    if (err) {
        if (mp_zb_link_came_and_went(&info, &handle)) {
            mp_zb_queue_connection(connect_irq, handle, addr_type, addr);
            mp_zb_queue_connection(central ? MP_BLUETOOTH_IRQ_PERIPHERAL_DISCONNECT : MP_BLUETOOTH_IRQ_CENTRAL_DISCONNECT, handle, addr_type, addr);
        } else if (ours) {
            #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
            mp_zb_queue_connection(MP_BLUETOOTH_IRQ_PERIPHERAL_DISCONNECT, MP_ZB_CONN_HANDLE_NONE, 0xff, mp_zb_connecting_addr);
            #endif
        }
        return;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_conn(NULL);
    if (c == NULL) {
        // More connections than CONFIG_BT_MAX_CONN slots cannot happen: the host refuses them.
        bt_conn_disconnect(conn, BT_HCI_ERR_CONN_LIMIT_EXCEEDED);
        return;
    }
    c->conn = bt_conn_ref(conn);
    bt_hci_get_conn_handle(conn, &c->handle);
    if (!mp_zb_python_sees_events()) {
        return;
    }
    DEBUG_printf("connected handle %u role %u\n", c->handle, info.role);
    mp_zb_queue_connection(connect_irq, c->handle, addr_type, addr);
}

static void mp_zb_disconnected(struct bt_conn *conn, uint8_t reason) {
    (void)reason;
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    if (c == NULL) {
        return;
    }
    struct bt_conn_info info;
    bt_conn_get_info(conn, &info);
    uint16_t handle = c->handle;
    uint8_t addr[6];
    mp_zb_reverse_addr(addr, info.le.dst->a.val);
    uint8_t addr_type = mp_zb_addr_type(info.le.dst);
    // Free the slot first: the IRQ handler may connect again.
    mp_zb_conn_release(c);
    uint8_t event = info.role == BT_CONN_ROLE_CENTRAL ? MP_BLUETOOTH_IRQ_PERIPHERAL_DISCONNECT : MP_BLUETOOTH_IRQ_CENTRAL_DISCONNECT;
    mp_zb_queue_connection(event, handle, addr_type, addr);
}

static void mp_zb_le_param_updated(struct bt_conn *conn, uint16_t interval, uint16_t latency, uint16_t timeout) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    mp_zb_event_t *e = c != NULL ? mp_zb_event_push(MP_ZB_EVENT_CONNECTION_UPDATE, c->handle) : NULL;
    if (e != NULL) {
        e->v[0] = interval;
        e->v[1] = latency;
        e->v[2] = timeout;
        e->v[3] = 0; // status: the host only reports updates that took
    }
}

BT_CONN_CB_DEFINE(mp_zb_conn_callbacks) = {
    .connected = mp_zb_connected,
    .disconnected = mp_zb_disconnected,
    .le_param_updated = mp_zb_le_param_updated,
};

#if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
// ---------------------------------------------------------------------------
// Scanning.

static void mp_zb_scan_result(const bt_addr_le_t *addr, int8_t rssi, uint8_t adv_type, struct net_buf_simple *buf) {
    mp_zb_event_t *e = mp_zb_scanning ? mp_zb_event_push(MP_ZB_EVENT_SCAN_RESULT, 0) : NULL;
    if (e != NULL) {
        e->u8 = mp_zb_addr_type(addr);
        mp_zb_reverse_addr(e->addr, addr->a.val);
        e->v[0] = adv_type;
        e->rssi = rssi;
        mp_zb_event_data(e, buf->data, buf->len);
    }
}

static void mp_zb_scan_timeout_handler(struct k_work *work) {
    (void)work;
    mp_bluetooth_gap_scan_stop();
}
#endif // MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE

// Advertising and, in central mode, scanning and connecting stop before the links go down.
void mp_zb_gap_stop(void) {
    #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
    if (mp_zb_scanning) {
        bt_le_scan_stop();
        mp_zb_scanning = false;
    }
    k_work_cancel_delayable(&mp_zb_scan_timeout);
    if (mp_zb_connecting != NULL) {
        bt_conn_disconnect(mp_zb_connecting, BT_HCI_ERR_REMOTE_USER_TERM_CONN);
    }
    #if MP_ZB_HOST_RESOLVES
    mp_zb_seek_abandon();
    #endif
    #endif
    if (mp_zb_advertising) {
        bt_le_adv_stop();
        mp_zb_advertising = false;
    }
}

// What the host let go of in bt_disable; the advertising data is forgotten with it.
void mp_zb_gap_reset(void) {
    mp_zb_advertising = false;
    #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
    // After a fault too: a scan the dead host ran must not make the next gap_scan EALREADY.
    mp_zb_scanning = false;
    if (mp_zb_connecting != NULL) {
        bt_conn_unref(mp_zb_connecting);
        mp_zb_connecting = NULL;
    }
    #if MP_ZB_HOST_RESOLVES
    mp_zb_seek = MP_ZB_SEEK_NONE;
    k_work_cancel(&mp_zb_seek_work);
    k_work_cancel_delayable(&mp_zb_seek_timeout);
    #endif
    #endif
    mp_zb_adv_data_len = 0;
    mp_zb_sr_data_len = 0;
}

void mp_zb_gap_init(void) {
    mp_zb_adv_own_addr = BT_LE_ADV_OPT_USE_IDENTITY;
    mp_zb_adv_id = BT_ID_DEFAULT;
    #if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE
    k_work_init_delayable(&mp_zb_scan_timeout, mp_zb_scan_timeout_handler);
    #if MP_ZB_HOST_RESOLVES
    k_work_init(&mp_zb_seek_work, mp_zb_seek_connect);
    k_work_init_delayable(&mp_zb_seek_timeout, mp_zb_seek_timeout_handler);
    // The controller may be another one after a restart.
    mp_zb_ll_privacy = -1;
    #endif
    #endif
}

// ---------------------------------------------------------------------------
// GAP, as extmod/modbluetooth.h declares it.

// The host's identities; 0 when there are none yet.
static size_t mp_zb_identities(bt_addr_le_t *addrs) {
    size_t count = CONFIG_BT_ID_MAX;
    bt_id_get(addrs, &count);
    return count;
}

void mp_bluetooth_get_current_address(uint8_t *addr_type, uint8_t *addr) {
    if (!mp_bluetooth_is_active()) {
        mp_raise_OSError(MP_ENODEV);
    }
    bt_addr_le_t addrs[CONFIG_BT_ID_MAX];
    size_t count = mp_zb_identities(addrs);
    if (mp_zb_adv_id >= count) {
        *addr_type = 0;
        memset(addr, 0, 6);
        return;
    }
    // The advertiser's identity; in addr_mode 2 that identity, which bonded peers resolve the RPA to.
    *addr_type = mp_zb_addr_type(&addrs[mp_zb_adv_id]);
    mp_zb_reverse_addr(addr, addrs[mp_zb_adv_id].a.val);
}

// A static random identity for addr_mode 1: the first when it is one, else a second, made once
// (kept with the settings where the profile has them, so the address survives a restart).
static uint8_t mp_zb_random_identity(const bt_addr_le_t *addrs, size_t count) {
    if (count > 0 && addrs[0].type == BT_ADDR_LE_RANDOM) {
        return BT_ID_DEFAULT;
    }
    #if CONFIG_BT_ID_MAX > 1
    if (count > 1) {
        return 1;
    }
    int id = bt_id_create(NULL, NULL);
    if (id < 0) {
        mp_raise_OSError(mp_zb_errno(id));
    }
    return id;
    #else
    // One identity in this build, and it is the controller's public address.
    mp_raise_OSError(MP_EOPNOTSUPP);
    #endif
}

void mp_bluetooth_set_address_mode(uint8_t addr_mode) {
    if (!mp_bluetooth_is_active()) {
        mp_raise_OSError(MP_ENODEV);
    }
    bt_addr_le_t addrs[CONFIG_BT_ID_MAX];
    size_t count = mp_zb_identities(addrs);
    switch (addr_mode) {
        case MP_BLUETOOTH_ADDRESS_MODE_PUBLIC:
            if (count == 0 || addrs[0].type != BT_ADDR_LE_PUBLIC) {
                // The controller has no public address: NimBLE's EINVAL.
                mp_raise_OSError(MP_EINVAL);
            }
            mp_zb_adv_id = BT_ID_DEFAULT;
            mp_zb_adv_own_addr = BT_LE_ADV_OPT_USE_IDENTITY;
            break;
        case MP_BLUETOOTH_ADDRESS_MODE_RANDOM:
            mp_zb_adv_id = mp_zb_random_identity(addrs, count);
            mp_zb_adv_own_addr = BT_LE_ADV_OPT_USE_IDENTITY;
            break;
        case MP_BLUETOOTH_ADDRESS_MODE_RPA:
            #if defined(CONFIG_BT_PRIVACY)
            // The host makes the RPA from its IRK and rotates it every CONFIG_BT_RPA_TIMEOUT seconds;
            // as a central it always initiates with one.
            mp_zb_adv_id = BT_ID_DEFAULT;
            mp_zb_adv_own_addr = 0;
            break;
            #else
            // Resolvable private addresses need CONFIG_BT_PRIVACY (the full profile).
            mp_raise_OSError(MP_EOPNOTSUPP);
            #endif
        case MP_BLUETOOTH_ADDRESS_MODE_NRPA:
            #if defined(CONFIG_BT_PRIVACY)
            // Zephyr makes no non-resolvable private address while it has privacy (id.c refuses
            // BT_LE_ADV_OPT_USE_NRPA with ENOSYS): only builds without it (profiles below full) have one.
            mp_raise_OSError(MP_EOPNOTSUPP);
            #else
            // A new NRPA each time advertising starts; scanning uses one too.
            mp_zb_adv_id = BT_ID_DEFAULT;
            mp_zb_adv_own_addr = BT_LE_ADV_OPT_USE_NRPA;
            break;
            #endif
        default:
            mp_raise_OSError(MP_EINVAL);
    }
}

size_t mp_bluetooth_gap_get_device_name(const uint8_t **buf) {
    const char *name = bt_get_name();
    *buf = (const uint8_t *)name;
    return strlen(name);
}

int mp_bluetooth_gap_set_device_name(const uint8_t *buf, size_t len) {
    char name[CONFIG_BT_DEVICE_NAME_MAX + 1];
    if (len > CONFIG_BT_DEVICE_NAME_MAX) {
        return MP_EINVAL;
    }
    memcpy(name, buf, len);
    name[len] = '\0';
    return mp_zb_errno(bt_set_name(name));
}

// Keeps advertising or scan response data (None keeps the last) once it is known to parse: data
// refused leaves the last in place, as with NimBLE.
static int mp_zb_ad_keep(uint8_t *kept, size_t *kept_len, const uint8_t *data, size_t len) {
    struct bt_data ad[MP_ZB_AD_STRUCTURES_MAX];
    size_t count;
    if (data == NULL) {
        return 0;
    }
    if (len > MP_ZB_ADV_DATA_MAX || mp_zb_parse_ad(data, len, ad, &count) != 0) {
        return MP_EINVAL;
    }
    memcpy(kept, data, len);
    *kept_len = len;
    return 0;
}

int mp_bluetooth_gap_advertise_start(bool connectable, int32_t interval_us, const uint8_t *adv_data, size_t adv_data_len, const uint8_t *sr_data, size_t sr_data_len) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_bluetooth_gap_advertise_stop();
    int err = mp_zb_ad_keep(mp_zb_adv_data, &mp_zb_adv_data_len, adv_data, adv_data_len);
    if (err == 0) {
        err = mp_zb_ad_keep(mp_zb_sr_data, &mp_zb_sr_data_len, sr_data, sr_data_len);
    }
    if (err) {
        return err;
    }
    struct bt_data ad[MP_ZB_AD_STRUCTURES_MAX];
    struct bt_data sd[MP_ZB_AD_STRUCTURES_MAX];
    size_t ad_count;
    size_t sd_count;
    mp_zb_parse_ad(mp_zb_adv_data, mp_zb_adv_data_len, ad, &ad_count);
    mp_zb_parse_ad(mp_zb_sr_data, mp_zb_sr_data_len, sd, &sd_count);
    // The identity address, not a fresh random one, so peers find config("mac"), unless a private
    // address was asked for.
    uint32_t options = mp_zb_adv_own_addr;
    // Not connectable means scannable (ADV_SCAN_IND), with or without a response, as with NimBLE.
    options |= connectable ? BT_LE_ADV_OPT_CONN : BT_LE_ADV_OPT_SCANNABLE;
    uint32_t interval = interval_us / 625;
    struct bt_le_adv_param param = BT_LE_ADV_PARAM_INIT(options, interval, interval, NULL);
    param.id = mp_zb_adv_id;
    err = bt_le_adv_start(&param, ad, ad_count, sd_count > 0 ? sd : NULL, sd_count);
    mp_zb_advertising = err == 0;
    return mp_zb_errno(err);
}

void mp_bluetooth_gap_advertise_stop(void) {
    if (mp_zb_advertising) {
        bt_le_adv_stop();
        mp_zb_advertising = false;
    }
}

int mp_bluetooth_gap_disconnect(uint16_t conn_handle) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    return mp_zb_errno(bt_conn_disconnect(c->conn, BT_HCI_ERR_REMOTE_USER_TERM_CONN));
}

#if MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE

int mp_bluetooth_gap_scan_start(int32_t duration_ms, int32_t interval_us, int32_t window_us, bool active_scan) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    if (mp_zb_scanning) {
        // One scan at a time, as with NimBLE: gap_scan(None) ends it.
        return MP_EALREADY;
    }
    k_work_cancel_delayable(&mp_zb_scan_timeout);
    struct bt_le_scan_param param = {
        .type = active_scan ? BT_LE_SCAN_TYPE_ACTIVE : BT_LE_SCAN_TYPE_PASSIVE,
        .options = BT_LE_SCAN_OPT_NONE, // every report, duplicates included, as MicroPython expects
        .interval = interval_us / 625,
        .window = window_us / 625,
    };
    int err = bt_le_scan_start(&param, mp_zb_scan_result);
    if (err) {
        return mp_zb_errno(err);
    }
    mp_zb_scanning = true;
    if (duration_ms > 0) {
        k_work_schedule(&mp_zb_scan_timeout, K_MSEC(duration_ms));
    }
    return 0;
}

int mp_bluetooth_gap_scan_stop(void) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    k_work_cancel_delayable(&mp_zb_scan_timeout);
    if (!mp_zb_scanning) {
        return 0;
    }
    mp_zb_scanning = false;
    int err = bt_le_scan_stop();
    mp_zb_queue(MP_ZB_EVENT_SCAN_DONE, 0, 0, 0, 0, 0);
    return mp_zb_errno(err);
}

#if MP_ZB_HOST_RESOLVES
// ---------------------------------------------------------------------------
// Connecting where the host resolves addresses (see mp_zb_seek_t).

static void mp_zb_count_bond(const struct bt_bond_info *info, void *user_data) {
    (void)info;
    ++*(size_t *)user_data;
}

static bool mp_zb_controller_resolves(void) {
    if (mp_zb_ll_privacy < 0) {
        struct net_buf *rsp = NULL;
        if (bt_hci_cmd_send_sync(BT_HCI_OP_LE_READ_LOCAL_FEATURES, NULL, &rsp) != 0) {
            // Unknown: leave it to the host.
            return true;
        }
        const struct bt_hci_rp_le_read_local_features *rp = (const void *)rsp->data;
        mp_zb_ll_privacy = rp->status == 0 && BT_FEAT_LE_PRIVACY(rp->features);
        net_buf_unref(rsp);
    }
    return mp_zb_ll_privacy;
}

// Whether bt_conn_le_create would take the host's own scan: bonds, and a controller without LL privacy.
static bool mp_zb_host_resolves(void) {
    size_t bonds = 0;
    for (uint8_t id = 0; id < CONFIG_BT_ID_MAX; ++id) {
        bt_foreach_bond(id, mp_zb_count_bond, &bonds);
    }
    return bonds > 0 && !mp_zb_controller_resolves();
}

// The address a report carried on air. The callback gets the identity the host resolved it to, and
// the report's data where the event holds it, right after the address (Core Vol 4 Part E 7.7.65.2:
// type, address, length, data); the length octet confirms that layout, else the identity it is.
static bt_addr_le_t mp_zb_report_addr(const bt_addr_le_t *addr, const struct net_buf_simple *buf) {
    const size_t before = offsetof(struct bt_hci_evt_le_advertising_info, data);
    if (net_buf_simple_headroom(buf) >= before) {
        const struct bt_hci_evt_le_advertising_info *report = (const void *)(buf->data - before);
        if (report->length == buf->len && report->addr.type <= BT_ADDR_LE_RANDOM) {
            return report->addr;
        }
    }
    return *addr;
}

static void mp_zb_seek_result(const bt_addr_le_t *addr, int8_t rssi, uint8_t adv_type, struct net_buf_simple *buf) {
    (void)rssi;
    bool connectable = adv_type == BT_GAP_ADV_TYPE_ADV_IND || adv_type == BT_GAP_ADV_TYPE_ADV_DIRECT_IND;
    if (mp_zb_seek != MP_ZB_SEEK_SCANNING || !connectable || (addr->type & 1) != (mp_zb_seek_target.type & 1)
        || !bt_addr_eq(&addr->a, &mp_zb_seek_target.a)) {
        return;
    }
    mp_zb_seek_on_air = mp_zb_report_addr(addr, buf);
    mp_zb_seek = MP_ZB_SEEK_FOUND;
    // Outside the report's processing: the steps below wait for their own HCI answers.
    k_work_submit(&mp_zb_seek_work);
}

// The attempt ended before a connection came: Python hears of it as of any failed connection.
static void mp_zb_seek_end(void) {
    mp_zb_seek = MP_ZB_SEEK_NONE;
    k_work_cancel_delayable(&mp_zb_seek_timeout);
    mp_zb_queue_connection(MP_BLUETOOTH_IRQ_PERIPHERAL_DISCONNECT, MP_ZB_CONN_HANDLE_NONE, 0xff, mp_zb_connecting_addr);
}

// Stops the scan or the filtered initiator of an attempt under way, if any.
static int mp_zb_seek_abandon(void) {
    int err = 0;
    switch (mp_zb_seek) {
        case MP_ZB_SEEK_NONE:
            return 0;
        case MP_ZB_SEEK_SCANNING:
        case MP_ZB_SEEK_FOUND:
            err = bt_le_scan_stop();
            break;
        case MP_ZB_SEEK_INITIATING:
            // Zephyr reports nothing for a filtered attempt it stops.
            err = bt_conn_create_auto_stop();
            break;
    }
    mp_zb_seek_end();
    return mp_zb_errno(err);
}

static void mp_zb_seek_connect(struct k_work *work) {
    (void)work;
    if (mp_zb_seek != MP_ZB_SEEK_FOUND) {
        return;
    }
    int err = bt_le_scan_stop();
    if (err == 0) {
        err = bt_le_filter_accept_list_clear();
    }
    if (err == 0) {
        err = bt_le_filter_accept_list_add(&mp_zb_seek_on_air);
    }
    if (err == 0) {
        err = bt_conn_le_create_auto(&mp_zb_seek_create, &mp_zb_seek_param);
    }
    if (err) {
        mp_zb_seek_end();
        return;
    }
    mp_zb_seek = MP_ZB_SEEK_INITIATING;
}

static void mp_zb_seek_timeout_handler(struct k_work *work) {
    (void)work;
    mp_zb_seek_abandon();
}

static int mp_zb_seek_start(const bt_addr_le_t *peer, const struct bt_conn_le_create_param *create, const struct bt_le_conn_param *param, int32_t duration_ms) {
    mp_zb_seek_target = *peer;
    mp_zb_seek_create = *create;
    mp_zb_seek_create.timeout = 0; // the binding's own timer below covers both steps
    mp_zb_seek_param = *param;
    struct bt_le_scan_param scan = {
        .type = BT_LE_SCAN_TYPE_PASSIVE,
        .options = BT_LE_SCAN_OPT_NONE,
        .interval = create->interval,
        .window = create->window,
    };
    int err = bt_le_scan_start(&scan, mp_zb_seek_result);
    if (err) {
        return mp_zb_errno(err);
    }
    mp_zb_seek = MP_ZB_SEEK_SCANNING;
    k_work_schedule(&mp_zb_seek_timeout, K_MSEC(duration_ms > 0 ? duration_ms : (int32_t)(CONFIG_BT_CREATE_CONN_TIMEOUT * MSEC_PER_SEC)));
    return 0;
}
#endif // MP_ZB_HOST_RESOLVES

int mp_bluetooth_gap_peripheral_connect(uint8_t addr_type, const uint8_t *addr, int32_t duration_ms, int32_t min_conn_interval_us, int32_t max_conn_interval_us) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    if (mp_zb_connecting != NULL) {
        return MP_EALREADY;
    }
    #if MP_ZB_HOST_RESOLVES
    if (mp_zb_seek != MP_ZB_SEEK_NONE) {
        return MP_EALREADY;
    }
    #endif
    if (addr_type > BT_ADDR_LE_RANDOM_ID) {
        return MP_EINVAL;
    }
    // The controller cannot scan and initiate at once here, as with NimBLE: the scan ends.
    mp_bluetooth_gap_scan_stop();
    bt_addr_le_t peer = { .type = addr_type };
    mp_zb_reverse_addr(peer.a.val, addr);
    memcpy(mp_zb_connecting_addr, addr, 6);
    struct bt_conn_le_create_param create = BT_CONN_LE_CREATE_PARAM_INIT(BT_CONN_LE_OPT_NONE, BT_GAP_SCAN_FAST_INTERVAL, BT_GAP_SCAN_FAST_INTERVAL);
    create.timeout = duration_ms > 0 ? MIN(duration_ms / 10, UINT16_MAX) : 0;
    struct bt_le_conn_param param = {
        .interval_min = min_conn_interval_us > 0 ? min_conn_interval_us / 1250 : BT_GAP_INIT_CONN_INT_MIN,
        .interval_max = max_conn_interval_us > 0 ? max_conn_interval_us / 1250 : BT_GAP_INIT_CONN_INT_MAX,
        .latency = 0,
        .timeout = 400, // 4 s, in units of 10 ms
    };
    if (param.interval_max < param.interval_min) {
        param.interval_max = param.interval_min;
    }
    #if MP_ZB_HOST_RESOLVES
    if (mp_zb_host_resolves()) {
        return mp_zb_seek_start(&peer, &create, &param, duration_ms);
    }
    #endif
    mp_zb_creating = true;
    mp_zb_created_early = false;
    int err = bt_conn_le_create(&peer, &create, &param, &mp_zb_connecting);
    mp_zb_creating = false;
    if (err == 0 && mp_zb_created_early) {
        bt_conn_unref(mp_zb_connecting);
        mp_zb_connecting = NULL;
    }
    return mp_zb_errno(err);
}

int mp_bluetooth_gap_peripheral_connect_cancel(void) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    #if MP_ZB_HOST_RESOLVES
    if (mp_zb_seek != MP_ZB_SEEK_NONE) {
        return mp_zb_seek_abandon();
    }
    #endif
    if (mp_zb_connecting == NULL) {
        // Nothing to cancel: NimBLE says EALREADY.
        return MP_EALREADY;
    }
    // Ends in the connected callback with an error: PERIPHERAL_DISCONNECT, as with NimBLE.
    return mp_zb_errno(bt_conn_disconnect(mp_zb_connecting, BT_HCI_ERR_REMOTE_USER_TERM_CONN));
}

#endif // MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
