#ifndef MENTORKIT_CLIBYAML_SHIM_H
#define MENTORKIT_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
