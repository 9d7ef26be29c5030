-- 0019: an import whose process dies is marked failed within a minute (issue 12, "Bad input").
-- The process holding an import (queued or running) renews heartbeat_at every few seconds, and
-- its progress reports renew it too; any instance marks failed the imports whose heartbeat is
-- older than Presenca:ContactImport:StaleAfterSeconds. Their transaction died with their process,
-- so nothing of them was written.
alter table contact_imports add column heartbeat_at timestamptz not null default now();

-- The sweep reads only the few imports still pending or running.
create index contact_imports_heartbeat_idx on contact_imports (heartbeat_at) where status in ('en_attente', 'en_cours');
