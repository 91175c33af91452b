/* Shadows Zephyr's device.h: one device, the HCI transport the port defines as
   mp_bt_hci_device, with the bt_hci_driver_api of zephyr/drivers/bluetooth.h. */
#ifndef ZEPHYR_INCLUDE_DEVICE_H_
#define ZEPHYR_INCLUDE_DEVICE_H_

#include <stdbool.h>
#include <stddef.h>
#include <zephyr/devicetree.h>

struct device {
    const char *name;
    const void *config;
    const void *api;
    void *data;
};

#define DEVICE_DT_NAME_GET(node_id) UTIL_CAT(node_id, _device)
#define DEVICE_DT_GET(node_id) (&DEVICE_DT_NAME_GET(node_id))

extern const struct device mp_bt_hci_device;

static inline bool device_is_ready(const struct device *dev) {
    return dev != NULL && dev->api != NULL;
}

#endif
