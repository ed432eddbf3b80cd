/**
 * Every repository of the SQLite store, bound to one connection: the shared reader, a unit of
 * work's transaction, or a read snapshot. Built on first use: most units of work touch one or two.
 */
import type { TxRepositories } from '../types.js';
import type { SqlExecutor } from '../sql/executor.js';
import { SqliteApprovalRepository } from './approvalRepository.js';
import { SqliteAuditRepository } from './auditRepository.js';
import { SqliteEvidenceRepository } from './evidenceRepository.js';
import { SqliteRetentionRepository } from './retentionRepository.js';
import { SqliteMaskingEventRepository, SqliteSessionRepository } from './sessionRepository.js';
import { SqliteSubjectRepository } from './subjectRepository.js';
import { SqliteDirectoryRepository } from './directoryRepository.js';
import { SqliteGovernanceRepository } from './governanceRepository.js';
import { SqliteRegisterRepository } from './registerRepository.js';

export class SqliteRepositories implements TxRepositories {
  private sessionRepository: SqliteSessionRepository | undefined;
  private maskingEventRepository: SqliteMaskingEventRepository | undefined;
  private auditRepository: SqliteAuditRepository | undefined;
  private approvalRepository: SqliteApprovalRepository | undefined;
  private retentionRepository: SqliteRetentionRepository | undefined;
  private evidenceRepository: SqliteEvidenceRepository | undefined;
  private subjectRepository: SqliteSubjectRepository | undefined;
  private directoryRepository: SqliteDirectoryRepository | undefined;
  private governanceRepository: SqliteGovernanceRepository | undefined;
  private registerRepository: SqliteRegisterRepository | undefined;

  /** `stamp`: the time written on changes (a unit of work's time). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly stamp: () => Date,
  ) {}

  get sessions(): SqliteSessionRepository {
    return (this.sessionRepository ??= new SqliteSessionRepository(this.sql, this.stamp));
  }

  get maskingEvents(): SqliteMaskingEventRepository {
    return (this.maskingEventRepository ??= new SqliteMaskingEventRepository(this.sql));
  }

  get audit(): SqliteAuditRepository {
    return (this.auditRepository ??= new SqliteAuditRepository(this.sql));
  }

  get approvals(): SqliteApprovalRepository {
    return (this.approvalRepository ??= new SqliteApprovalRepository(this.sql));
  }

  get retention(): SqliteRetentionRepository {
    return (this.retentionRepository ??= new SqliteRetentionRepository(this.sql));
  }

  get evidence(): SqliteEvidenceRepository {
    return (this.evidenceRepository ??= new SqliteEvidenceRepository(this.sql));
  }

  get subjects(): SqliteSubjectRepository {
    return (this.subjectRepository ??= new SqliteSubjectRepository(this.sql));
  }

  get directory(): SqliteDirectoryRepository {
    return (this.directoryRepository ??= new SqliteDirectoryRepository(this.sql));
  }

  get governance(): SqliteGovernanceRepository {
    return (this.governanceRepository ??= new SqliteGovernanceRepository(this.sql));
  }

  get register(): SqliteRegisterRepository {
    return (this.registerRepository ??= new SqliteRegisterRepository(this.sql));
  }
}
