// A host source for the usage scanner's test.
#include <zephyr/kernel.h>
#include <zephyr/sys/bits.h>

static struct k_work work;

int user(void) {
    k_work_submit(&work);
    return (int)BIT(3) + work.flags + not_declared_anywhere(1);
}
