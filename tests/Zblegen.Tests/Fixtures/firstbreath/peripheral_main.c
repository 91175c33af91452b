// The Zephyr host as a connectable peripheral named "zblegen": prints its connection events
// until a central has connected and disconnected (or 20 s have passed).
#include <stdio.h>
#include <zephyr/kernel.h>
#include <zephyr/init.h>
#include <zephyr/bluetooth/bluetooth.h>
#include <zephyr/bluetooth/conn.h>

void mp_bluetooth_zephyr_port_idle(void);
uint64_t mp_bluetooth_zephyr_port_ticks_ms(void);

static const struct bt_data ad[] = {
    BT_DATA_BYTES(BT_DATA_FLAGS, BT_LE_AD_GENERAL | BT_LE_AD_NO_BREDR),
    BT_DATA(BT_DATA_NAME_COMPLETE, "zblegen", 7),
};

static int state;

static void connected(struct bt_conn *conn, uint8_t err) {
    (void)conn;
    printf("connected %u\n", err);
    state = 1;
}

static void disconnected(struct bt_conn *conn, uint8_t reason) {
    (void)conn;
    printf("disconnected 0x%02x\n", reason);
    state = 2;
}

BT_CONN_CB_DEFINE(conn_callbacks) = {
    .connected = connected,
    .disconnected = disconnected,
};

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("inits %d\n", mp_bluetooth_zephyr_hal_run_inits());
    printf("bt_enable %d\n", bt_enable(NULL));
    printf("bt_le_adv_start %d\n", bt_le_adv_start(BT_LE_ADV_PARAM(BT_LE_ADV_OPT_CONN, BT_GAP_ADV_FAST_INT_MIN_2, BT_GAP_ADV_FAST_INT_MAX_2, NULL),
        ad, ARRAY_SIZE(ad), NULL, 0));
    uint64_t until = mp_bluetooth_zephyr_port_ticks_ms() + 20000;
    while (state != 2 && mp_bluetooth_zephyr_port_ticks_ms() < until) {
        mp_bluetooth_zephyr_hal_poll();
        mp_bluetooth_zephyr_port_idle();
    }
    return state == 2 ? 0 : 1;
}
