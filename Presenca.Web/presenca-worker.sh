#!/bin/sh
# An extra campaign sending process without the web app, beside Presenca.Web.dll in the build or
# publish folder: `./presenca-worker.sh` (same settings and master key as the app, through the
# same environment variables and appsettings). Arguments go to the worker's configuration.
#
# Runtime settings for a process that only sends (issue 6: a worker stays under 150 MB whatever
# the campaign's size); each can be overridden from the environment:
# - workstation GC: the web app's server GC keeps a heap per core, sized for request bursts;
# - a gen0 budget of 4 MB: the default follows the CPU's cache (32 MB here) and a worker's
#   garbage is one batch at a time;
# - no instrumented tier (TieredPGO): fewer methods compiled twice, for a loop that is the same
#   all day.
export DOTNET_gcServer="${DOTNET_gcServer:-0}"
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x400000}"
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"
exec dotnet "$(dirname "$0")/Presenca.Web.dll" worker "$@"
