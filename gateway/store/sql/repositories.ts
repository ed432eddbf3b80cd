/**
 * Every repository of a SQL store, bound to one connection: the shared reader, a unit of work's
 * transaction, or a read snapshot. Built on first use: most units of work touch one or two.
 */
import type { RecordSeals } from '../../audit/rowDigests.js';
import type { TxRepositories } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { SqlApprovalRepository } from './approvalRepository.js';
import { SqlAuditRepository } from './auditRepository.js';
import { SqlEvidenceRepository } from './evidenceRepository.js';
import { SqlRetentionRepository } from './retentionRepository.js';
import { SqlMaskingEventRepository, SqlSessionRepository, type GuardedSink, type RowSink } from './sessionRepository.js';
import { SqlSubjectRepository } from './subjectRepository.js';
import { SqlReplicaRepository } from './replicaRepository.js';
import { SqlDirectoryRepository } from './directoryRepository.js';
import { SqlGovernanceRepository } from './governanceRepository.js';
import { SqlRegisterRepository } from './registerRepository.js';
import { SqlSimulationRepository } from './simulationRepository.js';

export class SqlRepositories implements TxRepositories {
  private sessionRepository: SqlSessionRepository | undefined;
  private maskingEventRepository: SqlMaskingEventRepository | undefined;
  private auditRepository: SqlAuditRepository | undefined;
  private approvalRepository: SqlApprovalRepository | undefined;
  private retentionRepository: SqlRetentionRepository | undefined;
  private evidenceRepository: SqlEvidenceRepository | undefined;
  private subjectRepository: SqlSubjectRepository | undefined;
  private replicaRepository: SqlReplicaRepository | undefined;
  private directoryRepository: SqlDirectoryRepository | undefined;
  private governanceRepository: SqlGovernanceRepository | undefined;
  private registerRepository: SqlRegisterRepository | undefined;
  private simulationRepository: SqlSimulationRepository | undefined;

  /**
   * `stamp`: the time written on changes (a unit of work's time); `replicaId`: the gateway process
   * writing; `seals`: where the digests of written rows go (a unit of work's; none on a reader);
   * `rows`: where a unit of work's new sessions and look-up rows are inserted (its `insertRows`);
   * `guarded`: where its completions' updates and masking batches may be gathered (its `gatherGuarded`).
   */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly dialect: SqlDialect,
    private readonly stamp: () => Date,
    private readonly replicaId: string,
    protected readonly seals?: RecordSeals,
    private readonly rows?: RowSink,
    private readonly guarded?: GuardedSink,
  ) {}

  get sessions(): SqlSessionRepository {
    return (this.sessionRepository ??= new SqlSessionRepository(
      this.sql,
      this.dialect,
      this.stamp,
      this.replicaId,
      this.seals,
      this.rows,
      this.guarded,
    ));
  }

  get maskingEvents(): SqlMaskingEventRepository {
    return (this.maskingEventRepository ??= new SqlMaskingEventRepository(this.sql, this.dialect, this.rows, this.guarded));
  }

  get audit(): SqlAuditRepository {
    return (this.auditRepository ??= new SqlAuditRepository(this.sql));
  }

  get approvals(): SqlApprovalRepository {
    return (this.approvalRepository ??= new SqlApprovalRepository(this.sql, this.dialect, this.seals));
  }

  get retention(): SqlRetentionRepository {
    return (this.retentionRepository ??= new SqlRetentionRepository(this.sql, this.dialect));
  }

  get evidence(): SqlEvidenceRepository {
    return (this.evidenceRepository ??= new SqlEvidenceRepository(this.sql, this.dialect));
  }

  get subjects(): SqlSubjectRepository {
    return (this.subjectRepository ??= new SqlSubjectRepository(this.sql));
  }

  get replicas(): SqlReplicaRepository {
    return (this.replicaRepository ??= new SqlReplicaRepository(this.sql));
  }

  get directory(): SqlDirectoryRepository {
    return (this.directoryRepository ??= new SqlDirectoryRepository(this.sql, this.seals));
  }

  get governance(): SqlGovernanceRepository {
    return (this.governanceRepository ??= new SqlGovernanceRepository(this.sql, this.seals));
  }

  get register(): SqlRegisterRepository {
    return (this.registerRepository ??= new SqlRegisterRepository(this.sql));
  }

  get simulation(): SqlSimulationRepository {
    return (this.simulationRepository ??= new SqlSimulationRepository(this.sql));
  }
}
