// Security for the Zephyr BLE backend: pairing, bonding, passkeys and the bonds kept through
// MicroPython's secret IRQs (Zephyr's SMP and keys).
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_security.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING

// The type of every secret this backend gives Python: one of the host's settings entries. Its key is
// the entry's name, its value the name, a NUL and the entry's value, so an enumeration by index
// (which returns values only) can put entries back. Apart from the types NimBLE's backend uses.
#define MP_ZB_SECRET_TYPE_SETTING (32)
// The host's names are short ("bt/keys/<address><id>"); its largest value is the CCC state of a peer.
#define MP_ZB_SECRET_NAME_MAX (64)
#define MP_ZB_SECRET_RECORD_MAX (MP_ZB_SECRET_NAME_MAX + 16 + 4 * CONFIG_BT_SETTINGS_CCC_STORE_MAX)
// Entries loaded at most: more than the host can store with CONFIG_BT_MAX_PAIRED bonds.
#define MP_ZB_SECRETS_LOAD_MAX (255)

// Authentication requirement bits of a pairing request or response (Core Vol 3 Part H 3.5.1).
#define MP_ZB_SMP_AUTH_MITM (0x04)
#define MP_ZB_SMP_AUTH_SC (0x08)

static uint8_t mp_zb_io_capability = MP_BLUETOOTH_IO_CAPABILITY_NO_INPUT_OUTPUT;
// NimBLE's default, which MicroPython's config(bond=) changes.
static bool mp_zb_bonding;
// The connection whose pairing asks Python for the passkey to display, while the IRQ runs.
static uint16_t mp_zb_display_conn_handle = MP_ZB_CONN_HANDLE_NONE;
static bool mp_zb_display_answered;

// ---------------------------------------------------------------------------
// Encryption updates, raised once a pairing has ended or when a link is encrypted with stored keys.

struct mp_zb_bond_search {
    const bt_addr_le_t *peer;
    bool found;
};

static void mp_zb_bond_find(const struct bt_bond_info *info, void *user_data) {
    struct mp_zb_bond_search *search = user_data;
    search->found |= bt_addr_le_eq(&info->addr, search->peer);
}

static bool mp_zb_bonded(const struct bt_conn_info *info) {
    // Under the identity the link uses: a peripheral advertising in addr_mode 1 may use a second one.
    struct mp_zb_bond_search search = { .peer = info->le.dst };
    bt_foreach_bond(info->id, mp_zb_bond_find, &search);
    return search.found;
}

static void mp_zb_queue_encryption(struct bt_conn *conn, bool bonded) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    struct bt_conn_info info;
    if (c == NULL || bt_conn_get_info(conn, &info) != 0) {
        return;
    }
    mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_ENCRYPTION, c->handle);
    if (e != NULL) {
        e->v[0] = info.security.level >= BT_SECURITY_L2;
        e->v[1] = info.security.level >= BT_SECURITY_L3;
        e->v[2] = bonded;
        e->u8 = info.security.level >= BT_SECURITY_L2 ? info.security.enc_key_size : 0;
    }
}

static void mp_zb_pairing_ended(struct bt_conn *conn, bool bonded, bool success) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    if (c != NULL) {
        // Without keys to distribute the pairing ends before the host reports its encryption change.
        c->pairing = success && c->pairing == MP_ZB_PAIRING_STARTED ? MP_ZB_PAIRING_ENDED_FIRST : MP_ZB_PAIRING_ENDED;
    }
    bt_passkey_set(BT_PASSKEY_INVALID);
    mp_zb_queue_encryption(conn, bonded);
}

// The host can end one pairing twice when its handling of the last key nests a pass of the HAL that
// ends it first: only the first end counts.
static bool mp_zb_pairing_open(struct bt_conn *conn) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    return c != NULL && c->pairing != MP_ZB_PAIRING_ENDED && c->pairing != MP_ZB_PAIRING_ENDED_FIRST;
}

static void mp_zb_pairing_complete(struct bt_conn *conn, bool bonded) {
    if (mp_zb_pairing_open(conn)) {
        mp_zb_pairing_ended(conn, bonded, true);
    }
}

// As NimBLE: a failed pairing is an encryption update too, with the link's state after it.
static void mp_zb_pairing_failed(struct bt_conn *conn, enum bt_security_err reason) {
    (void)reason;
    if (mp_zb_pairing_open(conn)) {
        mp_zb_pairing_ended(conn, false, false);
    }
}

static struct bt_conn_auth_info_cb mp_zb_auth_info_callbacks = {
    .pairing_complete = mp_zb_pairing_complete,
    .pairing_failed = mp_zb_pairing_failed,
};

// During a pairing the link is encrypted before the keys are distributed: that update waits for the
// pairing's end. Outside one, the link was encrypted with keys of an earlier bond.
static void mp_zb_security_changed(struct bt_conn *conn, bt_security_t level, enum bt_security_err err) {
    (void)level;
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    struct bt_conn_info info;
    if (c == NULL || bt_conn_get_info(conn, &info) != 0) {
        return;
    }
    switch (c->pairing) {
        case MP_ZB_PAIRING_STARTED:
        case MP_ZB_PAIRING_ENCRYPTED:
            c->pairing = MP_ZB_PAIRING_ENCRYPTED;
            return;
        case MP_ZB_PAIRING_ENDED_FIRST:
            c->pairing = MP_ZB_PAIRING_ENDED;
            return;
        default:
            break;
    }
    mp_zb_queue_encryption(conn, err == BT_SECURITY_ERR_SUCCESS && mp_zb_bonded(&info));
}

BT_CONN_CB_DEFINE(mp_zb_security_conn_callbacks) = {
    .security_changed = mp_zb_security_changed,
};

// ---------------------------------------------------------------------------
// Passkeys. Zephyr derives the IO capability from the callbacks it is given, so each capability has
// its set; every set sees the pairing request or response first.

static void mp_zb_queue_passkey(struct bt_conn *conn, uint8_t action, uint32_t passkey) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    mp_zb_event_t *e = c != NULL ? mp_zb_event_push(MP_ZB_EVENT_PASSKEY, c->handle) : NULL;
    if (e != NULL) {
        e->u8 = action;
        e->v[0] = passkey & 0xffff;
        e->v[1] = passkey >> 16;
    }
}

enum {
    MP_ZB_JUST_WORKS,
    MP_ZB_INITIATOR_DISPLAYS,
    MP_ZB_RESPONDER_DISPLAYS,
    MP_ZB_BOTH_INPUT,
    MP_ZB_NUMERIC_COMPARISON,
    // Passkey entry with legacy pairing, numeric comparison with LE Secure Connections.
    MP_ZB_INITIATOR_DISPLAYS_OR_COMPARE,
    MP_ZB_RESPONDER_DISPLAYS_OR_COMPARE,
    MP_ZB_JUST_WORKS_OR_COMPARE,
};

// How a pairing with MITM protection authenticates, by the initiator's IO capability (row) and the
// responder's (column): Core Vol 3 Part H 2.3.5.1, table 2.8.
static const uint8_t mp_zb_pairing_methods[5][5] = {
    // DisplayOnly
    { MP_ZB_JUST_WORKS, MP_ZB_JUST_WORKS, MP_ZB_INITIATOR_DISPLAYS, MP_ZB_JUST_WORKS, MP_ZB_INITIATOR_DISPLAYS },
    // DisplayYesNo
    { MP_ZB_JUST_WORKS, MP_ZB_JUST_WORKS_OR_COMPARE, MP_ZB_INITIATOR_DISPLAYS, MP_ZB_JUST_WORKS, MP_ZB_INITIATOR_DISPLAYS_OR_COMPARE },
    // KeyboardOnly
    { MP_ZB_RESPONDER_DISPLAYS, MP_ZB_RESPONDER_DISPLAYS, MP_ZB_BOTH_INPUT, MP_ZB_JUST_WORKS, MP_ZB_RESPONDER_DISPLAYS },
    // NoInputNoOutput
    { MP_ZB_JUST_WORKS, MP_ZB_JUST_WORKS, MP_ZB_JUST_WORKS, MP_ZB_JUST_WORKS, MP_ZB_JUST_WORKS },
    // KeyboardDisplay
    { MP_ZB_RESPONDER_DISPLAYS, MP_ZB_RESPONDER_DISPLAYS_OR_COMPARE, MP_ZB_INITIATOR_DISPLAYS, MP_ZB_JUST_WORKS, MP_ZB_INITIATOR_DISPLAYS_OR_COMPARE },
};

// Whether this pairing has us show a passkey, as Zephyr's SMP will decide it: ours asks for MITM
// whenever our IO capability allows it (CONFIG_BT_SMP_ENFORCE_MITM), and offers Secure Connections.
static bool mp_zb_we_display(struct bt_conn *conn, const struct bt_conn_pairing_feat *peer) {
    struct bt_conn_info info;
    uint8_t ours = mp_zb_io_capability;
    uint8_t theirs = peer->io_capability;
    if (bt_conn_get_info(conn, &info) != 0 || ours > 4 || theirs > 4) {
        return false;
    }
    bool mitm = ours != MP_BLUETOOTH_IO_CAPABILITY_NO_INPUT_OUTPUT || (peer->auth_req & MP_ZB_SMP_AUTH_MITM);
    bool sc = peer->auth_req & MP_ZB_SMP_AUTH_SC;
    bool initiator = info.role == BT_CONN_ROLE_CENTRAL;
    uint8_t method = initiator ? mp_zb_pairing_methods[ours][theirs] : mp_zb_pairing_methods[theirs][ours];
    if (!mitm) {
        return false;
    }
    switch (method) {
        case MP_ZB_INITIATOR_DISPLAYS_OR_COMPARE:
            return !sc && initiator;
        case MP_ZB_RESPONDER_DISPLAYS_OR_COMPARE:
            return !sc && !initiator;
        case MP_ZB_INITIATOR_DISPLAYS:
            return initiator;
        case MP_ZB_RESPONDER_DISPLAYS:
            return !initiator;
        default:
            return false;
    }
}

// MicroPython's application picks the passkey it shows (gap_passkey with _PASSKEY_ACTION_DISPLAY in
// its IRQ handler), and Zephyr picks it right after this callback: so the IRQ is raised here, at once,
// after the events queued before it.
static enum bt_security_err mp_zb_pairing_accept(struct bt_conn *conn, const struct bt_conn_pairing_feat *feat) {
    mp_zb_conn_t *c = mp_zb_conn_by_conn(conn);
    if (c == NULL) {
        return BT_SECURITY_ERR_UNSPECIFIED;
    }
    c->pairing = MP_ZB_PAIRING_STARTED;
    if (mp_zb_we_display(conn, feat)) {
        mp_zb_events_raise();
        mp_zb_display_conn_handle = c->handle;
        mp_zb_display_answered = false;
        mp_bluetooth_gap_on_passkey_action(c->handle, MP_BLUETOOTH_PASSKEY_ACTION_DISPLAY, 0);
        mp_zb_display_conn_handle = MP_ZB_CONN_HANDLE_NONE;
    }
    return BT_SECURITY_ERR_SUCCESS;
}

// The passkey is in use: the next pairing picks its own. Python learns it here when it did not pick it.
static void mp_zb_passkey_display(struct bt_conn *conn, unsigned int passkey) {
    bt_passkey_set(BT_PASSKEY_INVALID);
    if (!mp_zb_display_answered) {
        mp_zb_queue_passkey(conn, MP_BLUETOOTH_PASSKEY_ACTION_DISPLAY, passkey);
    }
    mp_zb_display_answered = false;
}

static void mp_zb_passkey_entry(struct bt_conn *conn) {
    mp_zb_queue_passkey(conn, MP_BLUETOOTH_PASSKEY_ACTION_INPUT, 0);
}

static void mp_zb_passkey_confirm(struct bt_conn *conn, unsigned int passkey) {
    mp_zb_queue_passkey(conn, MP_BLUETOOTH_PASSKEY_ACTION_NUMERIC_COMPARISON, passkey);
}

static void mp_zb_auth_cancel(struct bt_conn *conn) {
    (void)conn;
}

// By MicroPython's IO capability, which is the SMP's.
static const struct bt_conn_auth_cb mp_zb_auth_callbacks[5] = {
    [MP_BLUETOOTH_IO_CAPABILITY_DISPLAY_ONLY] = {
        .pairing_accept = mp_zb_pairing_accept,
        .passkey_display = mp_zb_passkey_display,
        .cancel = mp_zb_auth_cancel,
    },
    [MP_BLUETOOTH_IO_CAPABILITY_DISPLAY_YESNO] = {
        .pairing_accept = mp_zb_pairing_accept,
        .passkey_display = mp_zb_passkey_display,
        .passkey_confirm = mp_zb_passkey_confirm,
        .cancel = mp_zb_auth_cancel,
    },
    [MP_BLUETOOTH_IO_CAPABILITY_KEYBOARD_ONLY] = {
        .pairing_accept = mp_zb_pairing_accept,
        .passkey_entry = mp_zb_passkey_entry,
        .cancel = mp_zb_auth_cancel,
    },
    [MP_BLUETOOTH_IO_CAPABILITY_NO_INPUT_OUTPUT] = {
        .pairing_accept = mp_zb_pairing_accept,
        .cancel = mp_zb_auth_cancel,
    },
    [MP_BLUETOOTH_IO_CAPABILITY_KEYBOARD_DISPLAY] = {
        .pairing_accept = mp_zb_pairing_accept,
        .passkey_display = mp_zb_passkey_display,
        .passkey_entry = mp_zb_passkey_entry,
        .passkey_confirm = mp_zb_passkey_confirm,
        .cancel = mp_zb_auth_cancel,
    },
};

static void mp_zb_apply_io_capability(void) {
    // The host takes a new set only after letting go of the old; a pairing keeps the set it started with.
    bt_conn_auth_cb_register(NULL);
    bt_conn_auth_cb_register(&mp_zb_auth_callbacks[mp_zb_io_capability]);
}

// ---------------------------------------------------------------------------
// Bonds in Python's hands: each entry the host stores goes out as a secret, and comes back in the
// next load.

void mp_zb_secrets_flush(void) {
    // Nothing goes out until the host holds a bond, as NimBLE raises no secret IRQ before one: an app that
    // never pairs need not handle them. Then everything goes, the identity and IRK the bond depends on too.
    if (!mp_bluetooth_zephyr_settings_holds("bt/keys")) {
        return;
    }
    char name[MP_ZB_SECRET_NAME_MAX];
    uint8_t record[MP_ZB_SECRET_RECORD_MAX];
    size_t len;
    // One at a time: the handler may run the host, which may store more.
    while (mp_bluetooth_zephyr_settings_take_change(name, sizeof(name), record, sizeof(record), &len)) {
        mp_bluetooth_gap_on_set_secret(MP_ZB_SECRET_TYPE_SETTING, (const uint8_t *)name, strlen(name), len > 0 ? record : NULL, len);
    }
}

void mp_bluetooth_zephyr_port_settings_load(void) {
    for (uint8_t i = 0; i < MP_ZB_SECRETS_LOAD_MAX; ++i) {
        const uint8_t *value;
        size_t len;
        if (!mp_bluetooth_gap_on_get_secret(MP_ZB_SECRET_TYPE_SETTING, i, NULL, 0, &value, &len)) {
            return;
        }
        // The value is only valid until the next IRQ: put copies it.
        const uint8_t *nul = memchr(value, '\0', len);
        if (nul != NULL && nul != value && (size_t)(nul - value) < MP_ZB_SECRET_NAME_MAX) {
            mp_bluetooth_zephyr_settings_put((const char *)value, nul + 1, len - (nul + 1 - value));
        }
    }
}

// ---------------------------------------------------------------------------
// Activation: what config() set before it applies to the new host.

void mp_zb_security_init(bool first_time) {
    if (first_time) {
        bt_conn_auth_info_cb_register(&mp_zb_auth_info_callbacks);
    }
    bt_set_bondable(mp_zb_bonding);
    mp_zb_apply_io_capability();
    bt_passkey_set(BT_PASSKEY_INVALID);
}

// ---------------------------------------------------------------------------
// Security, as extmod/modbluetooth.h declares it. The settings take effect for the next pairing, and
// may be given while inactive, as with NimBLE.

void mp_bluetooth_set_bonding(bool enabled) {
    mp_zb_bonding = enabled;
    bt_set_bondable(enabled);
}

// MITM protection is asked for whenever the IO capability allows it, as Zephyr's SMP does; a pairing
// that cannot have it (no IO on either side) still completes, unauthenticated, as with NimBLE.
void mp_bluetooth_set_mitm_protection(bool enabled) {
    (void)enabled;
}

// Zephyr offers LE Secure Connections whenever it has the crypto, and falls back to legacy pairing
// when the peer does not: both settings pair with any peer NimBLE pairs with.
void mp_bluetooth_set_le_secure(bool enabled) {
    (void)enabled;
}

void mp_bluetooth_set_io_capability(uint8_t capability) {
    if (capability > MP_BLUETOOTH_IO_CAPABILITY_KEYBOARD_DISPLAY) {
        capability = MP_BLUETOOTH_IO_CAPABILITY_NO_INPUT_OUTPUT;
    }
    mp_zb_io_capability = capability;
    mp_zb_apply_io_capability();
}

int mp_bluetooth_gap_pair(uint16_t conn_handle) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    // Encryption with the keys of a bond, or a pairing when there are none; the level is not a
    // requirement (a pairing without MITM protection completes, as with NimBLE).
    return mp_zb_errno(bt_conn_set_security(c->conn, BT_SECURITY_L2));
}

int mp_bluetooth_gap_passkey(uint16_t conn_handle, uint8_t action, mp_int_t passkey) {
    // In NimBLE's order: the action, then whether a pairing of that connection waits for it.
    if (action != MP_BLUETOOTH_PASSKEY_ACTION_INPUT && action != MP_BLUETOOTH_PASSKEY_ACTION_DISPLAY && action != MP_BLUETOOTH_PASSKEY_ACTION_NUMERIC_COMPARISON) {
        return MP_EINVAL;
    }
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOENT;
    }
    switch (action) {
        case MP_BLUETOOTH_PASSKEY_ACTION_INPUT:
            if (passkey < 0 || passkey > 999999) {
                return MP_EINVAL;
            }
            return mp_zb_errno(bt_conn_auth_passkey_entry(c->conn, passkey));
        case MP_BLUETOOTH_PASSKEY_ACTION_DISPLAY:
            // Only while the IRQ asking for it runs: the host picks the passkey right after.
            if (conn_handle != mp_zb_display_conn_handle || passkey < 0 || passkey > 999999) {
                return MP_EINVAL;
            }
            mp_zb_display_answered = true;
            return mp_zb_errno(bt_passkey_set(passkey));
        default:
            return mp_zb_errno(passkey != 0 ? bt_conn_auth_passkey_confirm(c->conn) : bt_conn_auth_cancel(c->conn));
    }
}

#endif // MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
