/**
 * The fields of `docker inspect` (GET /containers/{id}/json) that the audit reads. Every
 * field is optional: the checks read a live engine's answer and hand-written fixtures alike,
 * and an absent field must fail a check, never crash it.
 */
export interface ContainerInspect {
  Id?: string;
  Name?: string;
  AppArmorProfile?: string;
  State?: {
    Status?: string;
    Running?: boolean;
    ExitCode?: number;
    /** Why the engine could not start it, when it could not. */
    Error?: string;
  };
  Config?: {
    User?: string;
    Image?: string;
    NetworkDisabled?: boolean;
    Labels?: Record<string, string> | null;
  };
  HostConfig?: {
    Binds?: string[] | null;
    NetworkMode?: string;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
    IpcMode?: string;
    PidMode?: string;
    UTSMode?: string;
    UsernsMode?: string;
    Privileged?: boolean;
    ReadonlyRootfs?: boolean;
    SecurityOpt?: string[] | null;
    Tmpfs?: Record<string, string> | null;
    Memory?: number;
    MemorySwap?: number;
    NanoCpus?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    CpuShares?: number;
    PidsLimit?: number | null;
    Devices?: Array<{ PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }> | null;
    Runtime?: string;
    CgroupParent?: string;
  };
  Mounts?: Array<{
    Type?: string;
    Name?: string;
    Source?: string;
    Destination?: string;
    Driver?: string;
    Mode?: string;
    RW?: boolean;
    Propagation?: string;
  }> | null;
}
