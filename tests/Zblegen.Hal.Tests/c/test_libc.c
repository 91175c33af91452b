// The HAL's strtoul against the C library's, input by input: value, end pointer and errno.

#include <errno.h>
#include <stdlib.h>

#include "hal_test.h"

unsigned long mp_bluetooth_zephyr_strtoul(const char *nptr, char **endptr, int base);

static const char *const inputs[] = {
    "", " ", "0", "7", "42", "  42abc", "\t\n+17", "-1", "-0", "+", "-", "0x", "0x1f", "0X1F", "0xg", "0x0x1",
    "010", "08", "0b101", "z", "Zz", "ffffffff", "4294967295", "4294967296", "18446744073709551615",
    "18446744073709551616", "99999999999999999999999", "-18446744073709551615", "0000000000000000000000123",
    "12 34", "1e5", "bt/keys/1234567890ab", "ccc/0/f0e1d2c3b4a5",
};
// Valid bases only: what an invalid one does to the end pointer is the C library's own choice.
static const int bases[] = { 0, 2, 8, 10, 16, 36 };

static void strtoul_matches_the_c_library(void) {
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
            const char *in = inputs[i];
            char *their_end, *our_end;
            errno = 0;
            unsigned long theirs = strtoul(in, &their_end, bases[b]);
            int their_errno = errno;
            errno = 0;
            unsigned long ours = mp_bluetooth_zephyr_strtoul(in, &our_end, bases[b]);
            int our_errno = errno;
            if (theirs != ours || their_end != our_end || their_errno != our_errno) {
                printf("  input \"%s\" base %d: libc %lu end +%d errno %d, ours %lu end +%d errno %d\n", in, bases[b],
                    theirs, (int)(their_end - in), their_errno, ours, (int)(our_end - in), our_errno);
            }
            CHECK_EQ(ours, theirs);
            CHECK_EQ(our_end - in, their_end - in);
            CHECK_EQ(our_errno, their_errno);
        }
    }
}

static void strtoul_rejects_an_invalid_base(void) {
    static const int invalid[] = { 1, 37, -1 };
    for (size_t b = 0; b < sizeof(invalid) / sizeof(invalid[0]); b++) {
        const char *in = "12";
        char *end = NULL;
        errno = 0;
        CHECK_EQ(mp_bluetooth_zephyr_strtoul(in, &end, invalid[b]), 0);
        CHECK_EQ(errno, EINVAL);
        CHECK(end == in);
    }
}

static void strtoul_takes_a_null_end_pointer(void) {
    CHECK_EQ(mp_bluetooth_zephyr_strtoul("123", NULL, 10), 123);
}

int main(void) {
    RUN(strtoul_matches_the_c_library);
    RUN(strtoul_rejects_an_invalid_base);
    RUN(strtoul_takes_a_null_end_pointer);
    return test_finish();
}
