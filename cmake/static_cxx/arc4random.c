/* The GPU bundle's programs (cmake/LinkperfStaticCxx.cmake) carry Debian 12's libstdc++.a,
 * whose std::random_device calls arc4random, a glibc 2.36 function: linked from glibc it would
 * raise the bundle's glibc floor to 2.36 (Ubuntu 22.04 has 2.35). This definition, linked into
 * those programs only, satisfies it from getrandom(2) (glibc 2.25), the kernel's CSPRNG that
 * glibc's own arc4random reads as well. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

uint32_t arc4random(void);

uint32_t arc4random(void) {
    uint32_t value = 0;
    for (;;) {
        const ssize_t got = getrandom(&value, sizeof value, 0);
        if (got == (ssize_t)sizeof value) {
            return value;
        }
        if (got < 0 && errno != EINTR) {
            abort(); /* as glibc's arc4random: no random value is never an option */
        }
    }
}
