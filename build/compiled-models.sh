#!/usr/bin/env bash
# Regenerates the compiled EF Core models (src/Infrastructure/Persistence/CompiledModels) after a change to the
# entity configurations; CompiledModelTests fails until they match. The app starts on them instead of building
# the model at every start (docs/decisions/0006-start-up.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  rm -rf "src/Infrastructure/Persistence/CompiledModels/$provider"
  dotnet ef dbcontext optimize -p src/Infrastructure -s src/Infrastructure \
    -c "${provider}MarketplaceDbContext" -o "Persistence/CompiledModels/$provider" \
    -n "Marketplace.Infrastructure.Persistence.CompiledModels.$provider"
done
