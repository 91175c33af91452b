/* Shadows Zephyr's devicetree.h. The host asks the devicetree for one thing: the HCI device
   chosen as zephyr,bt-hci. This board-less tree has exactly that node, mp_bt_hci, whose device
   is the port's transport (H4 over UART). */
#ifndef ZEPHYR_INCLUDE_DEVICETREE_H_
#define ZEPHYR_INCLUDE_DEVICETREE_H_

#include <zephyr/sys/util.h>

#define DT_CHOSEN_zephyr_bt_hci mp_bt_hci
#define DT_CHOSEN_zephyr_bt_hci_EXISTS 1

#define mp_bt_hci_P_bt_hci_bus_EXISTS 1
#define mp_bt_hci_P_bt_hci_bus_STRING_UPPER_TOKEN UART
#define mp_bt_hci_P_bt_hci_name_EXISTS 1
#define mp_bt_hci_P_bt_hci_name "H4"

#define DT_CHOSEN(prop) UTIL_CAT(DT_CHOSEN_, prop)
#define DT_HAS_CHOSEN(prop) IS_ENABLED(UTIL_CAT(DT_CHOSEN_, UTIL_CAT(prop, _EXISTS)))
#define DT_DRV_INST(inst) mp_bt_hci
#define DT_NODE_HAS_PROP(node_id, prop) IS_ENABLED(UTIL_CAT(node_id, UTIL_CAT(_P_, UTIL_CAT(prop, _EXISTS))))
#define DT_PROP(node_id, prop) UTIL_CAT(node_id, UTIL_CAT(_P_, prop))
#define DT_PROP_OR(node_id, prop, default_value) \
    COND_CODE_1(DT_NODE_HAS_PROP(node_id, prop), (DT_PROP(node_id, prop)), (default_value))
#define DT_STRING_UPPER_TOKEN(node_id, prop) UTIL_CAT(node_id, UTIL_CAT(_P_, UTIL_CAT(prop, _STRING_UPPER_TOKEN)))
#define DT_STRING_UPPER_TOKEN_OR(node_id, prop, default_value) \
    COND_CODE_1(DT_NODE_HAS_PROP(node_id, prop), (DT_STRING_UPPER_TOKEN(node_id, prop)), (default_value))
/* The node has no bt-hci-quirks property, so nothing is ever iterated. */
#define DT_FOREACH_PROP_ELEM_SEP(node_id, prop, fn, sep)
#define DT_STRING_UPPER_TOKEN_BY_IDX(node_id, prop, idx) NONE

#endif
