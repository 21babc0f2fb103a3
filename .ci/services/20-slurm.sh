# A one-node Slurm cluster on 127.0.0.1 (Debian slurm-wlm + munge), for the Slurm compute backend's tests.
# Sourced by .ci/run (as root, CI=true); run it by hand with CI_STATE/CI_STOP set to get the same cluster.
# Exports SLURM_CONF (where sbatch/squeue/scontrol/scancel find the cluster) and METAFLOW_TEST_SLURM=1.
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi
[ -f /etc/munge/munge.key ] || { /usr/sbin/mungekey --create 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  echo "kill \$(cat /run/munge/munged.pid) 2>/dev/null || true" >> "$CI_STOP"
fi
SLURM_DIR="$CI_STATE/slurm"
mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool" "$SLURM_DIR/log"
SLURM_HOST=$(hostname -s)
cat > "$SLURM_DIR/slurm.conf" <<CONF
ClusterName=mf
SlurmctldHost=${SLURM_HOST}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmctldPort=${METAFLOW_SLURM_CTLD_PORT:-56817}
SlurmdPort=${METAFLOW_SLURM_SLURMD_PORT:-56818}
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool/%n
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd-%n.pid
SlurmctldLogFile=$SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_DIR/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
KillWait=2
MessageTimeout=10
MaxArraySize=10001
AccountingStorageType=accounting_storage/none
# No cgroups here: memory limits are enforced by polling each job's memory (OverMemoryKill).
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=1
JobAcctGatherParams=OverMemoryKill
DefMemPerCPU=256
JobCompType=jobcomp/none
NodeName=${SLURM_HOST} NodeAddr=127.0.0.1 CPUs=2 RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=${SLURM_HOST} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
PartitionName=second Nodes=${SLURM_HOST} MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
# A second node on this machine (its own slurmd and port) that tests may take down (node failure)
# without touching the jobs of other tests.
NodeName=mfspare NodeAddr=127.0.0.1 Port=${METAFLOW_SLURM_SPARE_PORT:-56819} CPUs=1 RealMemory=1000 State=UNKNOWN
PartitionName=spare Nodes=mfspare MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
CONF
export SLURM_CONF="$SLURM_DIR/slurm.conf"
/usr/sbin/slurmctld -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF" -N mfspare
echo "kill \$(cat '$SLURM_DIR/slurmd-${SLURM_HOST}.pid') \$(cat '$SLURM_DIR/slurmd-mfspare.pid') \$(cat '$SLURM_DIR/slurmctld.pid') 2>/dev/null || true" >> "$CI_STOP"
for _ in $(seq 1 60); do
  [ "$(sinfo -h -N -o '%N %T' 2>/dev/null | sort -u | grep -c ' idle$')" = 2 ] && break
  sleep 1
done
[ "$(sinfo -h -N -o '%N %T' | sort -u | grep -c ' idle$')" = 2 ] || { echo "slurm did not come up; see $SLURM_DIR/log" >&2; return 1 2>/dev/null || exit 1; }
export METAFLOW_TEST_SLURM=1
