#include <zephyr/bluetooth/bluetooth.h>
