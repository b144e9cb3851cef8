// zlib (Debian: zlib1g-dev), for the compact plan store of SaylauDistricting.
#include <zlib.h>
