// The zephyr_ble module: switches of the Zephyr backend that BLE.config() cannot take, because
// extmod/modbluetooth.c knows only its own keys. Read and set as BLE.config() is:
//   zephyr_ble.config('auto_phy')  ->  bool
//   zephyr_ble.config(auto_phy=True, auto_data_len=True)
// auto_phy: the host asks for the 2M PHY on each new connection; auto_data_len: the host sets the
// controller's suggested data length to its maximum, so the controller lengthens each new link's
// PDUs. Both off by default (see zephyr_ble_hci_guard.h); a change takes effect at the next
// active(True).
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_module.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "zephyr_ble_hci_guard.h"

static mp_obj_t mp_zb_module_config(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    bool phy, data_len;
    mp_bluetooth_zephyr_hci_guard_get_auto_updates(&phy, &data_len);
    if (kwargs->used == 0) {
        if (n_args != 1) {
            mp_raise_TypeError(MP_ERROR_TEXT("must query one param"));
        }
        switch (mp_obj_str_get_qstr(args[0])) {
            case MP_QSTR_auto_phy:
                return mp_obj_new_bool(phy);
            case MP_QSTR_auto_data_len:
                return mp_obj_new_bool(data_len);
            default:
                mp_raise_ValueError(MP_ERROR_TEXT("unknown config param"));
        }
    }
    if (n_args != 0) {
        mp_raise_TypeError(MP_ERROR_TEXT("can't specify pos and kw args"));
    }
    for (size_t i = 0; i < kwargs->alloc; ++i) {
        if (!mp_map_slot_is_filled(kwargs, i)) {
            continue;
        }
        mp_map_elem_t *e = &kwargs->table[i];
        switch (mp_obj_str_get_qstr(e->key)) {
            case MP_QSTR_auto_phy:
                phy = mp_obj_is_true(e->value);
                break;
            case MP_QSTR_auto_data_len:
                data_len = mp_obj_is_true(e->value);
                break;
            default:
                mp_raise_ValueError(MP_ERROR_TEXT("unknown config param"));
        }
    }
    mp_bluetooth_zephyr_hci_guard_set_auto_updates(phy, data_len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(mp_zb_module_config_obj, 0, mp_zb_module_config);

static const mp_rom_map_elem_t mp_module_zephyr_ble_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_zephyr_ble) },
    { MP_ROM_QSTR(MP_QSTR_config), MP_ROM_PTR(&mp_zb_module_config_obj) },
};
static MP_DEFINE_CONST_DICT(mp_module_zephyr_ble_globals, mp_module_zephyr_ble_globals_table);

const mp_obj_module_t mp_module_zephyr_ble = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mp_module_zephyr_ble_globals,
};

MP_REGISTER_MODULE(MP_QSTR_zephyr_ble, mp_module_zephyr_ble);

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
