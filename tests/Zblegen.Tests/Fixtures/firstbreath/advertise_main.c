// First breath: bring the unmodified Zephyr host up with bt_enable(), advertise, stop.
#include <stdio.h>
#include <zephyr/kernel.h>
#include <zephyr/init.h>
#include <zephyr/bluetooth/bluetooth.h>
#include "zephyr_ble_h4.h"

void mp_bluetooth_zephyr_port_idle(void);
uint64_t mp_bluetooth_zephyr_port_ticks_ms(void);

static const struct bt_data ad[] = {
    BT_DATA_BYTES(BT_DATA_FLAGS, BT_LE_AD_NO_BREDR),
    BT_DATA(BT_DATA_NAME_COMPLETE, "zblegen", 7),
};

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("inits %d\n", mp_bluetooth_zephyr_hal_run_inits());
    int err = bt_enable(NULL);
    printf("bt_enable %d\n", err);
    if (err == 0) {
        bt_addr_le_t addrs[1];
        size_t count = 1;
        bt_id_get(addrs, &count);
        printf("identities %u\n", (unsigned)count);
        printf("bt_le_adv_start %d\n", bt_le_adv_start(BT_LE_ADV_NCONN, ad, ARRAY_SIZE(ad), NULL, 0));
        uint64_t until = mp_bluetooth_zephyr_port_ticks_ms() + 300;
        while (mp_bluetooth_zephyr_port_ticks_ms() < until) {
            mp_bluetooth_zephyr_hal_poll();
            mp_bluetooth_zephyr_port_idle();
        }
        printf("bt_le_adv_stop %d\n", bt_le_adv_stop());
    }
    struct mp_bluetooth_zephyr_h4_stats stats;
    mp_bluetooth_zephyr_h4_get_stats(&stats);
    printf("h4 dropped %u\n", (unsigned)stats.rx_dropped_bytes);
    return err == 0 ? 0 : 1;
}
