/* linkperf-gpu-preflight: what the GPU bundle's gpu-check.sh asks before it measures anything,
 * one line and one exit code each: is there an NVIDIA driver (libcuda.so.1), does it support
 * the CUDA version the bundle was built with, does it see a GPU. C with dlopen and nothing
 * else: it must start where the CUDA runtime cannot (no driver, an old one), and it needs no
 * libstdc++.
 * Usage: linkperf-gpu-preflight NEEDED   (NEEDED: CUDA version as the driver API counts it,
 *                                         1000 x major + 10 x minor, e.g. 13000)
 * Environment: LINKPERF_LIBCUDA  the driver library to load (default libcuda.so.1)
 * Exit: 0 driver and GPUs found (one line: "driver supports CUDA X.Y, N GPU(s) visible");
 *       6 no NVIDIA driver found; 7 the driver is older than NEEDED; 3 no GPU visible;
 *       2 usage. The codes are gpu-check.sh's (scripts/gpu-preflight.sh). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cu_int_fn)(int*);
typedef int (*cu_init_fn)(unsigned);

enum { exit_usage = 2, exit_no_gpu = 3, exit_no_driver = 6, exit_old_driver = 7 };
enum { cuda_error_no_device = 100 };

/* The driver branch that first supports a CUDA major version (NVIDIA's CUDA toolkit release
 * notes, table "CUDA Toolkit and Minimum Required Driver Version"). */
static const char* driver_branch(int cuda_major) {
    switch (cuda_major) {
    case 12:
        return "525+";
    case 13:
        return "580+";
    default:
        return NULL;
    }
}

/* dlsym's object pointer into a function pointer the way POSIX allows (ISO C has no cast). */
static void symbol(void* library, const char* name, void* function, size_t size) {
    void* address = dlsym(library, name);
    if (address != NULL && size == sizeof address) {
        memcpy(function, &address, size);
    }
}

int main(int argc, char** argv) {
    char* end = NULL;
    long needed = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc != 2 || end == argv[1] || *end != '\0' || needed < 1000 || needed > 99990) {
        fprintf(stderr, "usage: linkperf-gpu-preflight NEEDED_CUDA_VERSION (e.g. 13000)\n");
        return exit_usage;
    }
    /* LINKPERF_LIBCUDA: another driver library (the tests load fakes by path). */
    const char* library = getenv("LINKPERF_LIBCUDA");
    if (library == NULL || library[0] == '\0') {
        library = "libcuda.so.1";
    }
    void* cuda = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (cuda == NULL) {
        const char* why = dlerror();
        printf("no NVIDIA driver found (%s cannot be loaded: %s)\n", library,
               why != NULL ? why : "unknown reason");
        return exit_no_driver;
    }
    cu_int_fn get_version = NULL;
    cu_init_fn init = NULL;
    cu_int_fn get_count = NULL;
    symbol(cuda, "cuDriverGetVersion", &get_version, sizeof get_version);
    symbol(cuda, "cuInit", &init, sizeof init);
    symbol(cuda, "cuDeviceGetCount", &get_count, sizeof get_count);
    if (get_version == NULL || init == NULL || get_count == NULL) {
        printf("no NVIDIA driver found (%s lacks cuDriverGetVersion, cuInit or cuDeviceGetCount: "
               "not an NVIDIA driver library)\n",
               library);
        return exit_no_driver;
    }
    int version = 0;
    int rc = get_version(&version);
    if (rc != 0 || version <= 0) {
        printf("no NVIDIA driver found (cuDriverGetVersion failed: CUDA error %d)\n", rc);
        return exit_no_driver;
    }
    const int major = (int)(needed / 1000);
    const int minor = (int)(needed % 1000 / 10);
    if (version < needed) {
        const char* branch = driver_branch(major);
        printf("driver supports CUDA %d.%d; this bundle needs %d.%d%s%s%s; on older drivers build "
               "from source with CUDA 12.2+, see README\n",
               version / 1000, version % 1000 / 10, major, minor, branch != NULL ? " (driver " : "",
               branch != NULL ? branch : "", branch != NULL ? ")" : "");
        return exit_old_driver;
    }
    rc = init(0);
    int count = 0;
    if (rc == 0) {
        rc = get_count(&count);
    }
    if (rc != 0 || count <= 0) {
        const char* visible = getenv("CUDA_VISIBLE_DEVICES");
        char why[64];
        if (rc != 0) {
            snprintf(why, sizeof why, "cuInit/cuDeviceGetCount: CUDA error %d%s", rc,
                     rc == cuda_error_no_device ? " (no device)" : "");
        } else {
            snprintf(why, sizeof why, "the driver counts 0 devices");
        }
        printf("no GPU visible (%s; driver supports CUDA %d.%d; CUDA_VISIBLE_DEVICES=%s)\n", why,
               version / 1000, version % 1000 / 10, visible != NULL ? visible : "(unset)");
        return exit_no_gpu;
    }
    printf("driver supports CUDA %d.%d, %d GPU(s) visible\n", version / 1000, version % 1000 / 10,
           count);
    return 0;
}
