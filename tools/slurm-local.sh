#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (as root), for the tests of `sweep --executor slurm`:
# munged, slurmctld and slurmd with one partition "debug" holding this host. Idempotent: a cluster that already
# answers `sinfo` is left as it is. Installs slurm-wlm and munge when they are missing (Debian).
# Prints one line saying what it did; exits non-zero, with the reason, when the daemons cannot start.
set -uo pipefail
if sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then echo "slurm-local: a cluster is already up"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "slurm-local: needs root to start munged, slurmctld and slurmd" >&2; exit 1; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null \
    || { echo "slurm-local: apt-get install slurm-wlm munge failed" >&2; exit 1; }
fi
H=$(hostname -s); CPUS=$(nproc); MEM=$(( $(free -m | awk '/Mem:/{print $2}') - 1024 ))
mkdir -p /etc/slurm /var/spool/slurmd /var/spool/slurmctld /run/munge /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=$H
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmUser=root
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
# sbatch --wait (how overparam waits for an array) polls after 2 s, then 8 s, then every 32 s while the sleep is under
# MinJobAge/2 (default 300 s): an array of 13 s was noticed after 42 s. At 16 its polls stay 8 s apart (2, 10, 18, …
# s), and a finished job's record, which sbatch reads for the exit code, outlives a poll by 8 s.
MinJobAge=16
NodeName=$H CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
chown munge:munge /run/munge
[ -f /etc/munge/munge.key ] || mungekey -c
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged || { echo "slurm-local: munged did not start" >&2; exit 1; }
pgrep -x slurmctld >/dev/null || slurmctld || { echo "slurm-local: slurmctld did not start (see /var/log/slurm/slurmctld.log)" >&2; exit 1; }
pgrep -x slurmd >/dev/null || slurmd || { echo "slurm-local: slurmd did not start (see /var/log/slurm/slurmd.log)" >&2; exit 1; }
for _ in $(seq 1 30); do
  if sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then echo "slurm-local: one-node cluster up ($H, $CPUS CPUs)"; exit 0; fi
  sleep 1
done
echo "slurm-local: the daemons started but the node never became idle: $(sinfo 2>&1 | tr '\n' ' ')" >&2
exit 1
