using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperationEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_NextAttemptAt",
                table: "BrokerOperations");

            migrationBuilder.AddColumn<string>(
                name: "LastOperationCode",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationRequestId",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxConcurrentCalls",
                table: "ServiceBrokers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationCode",
                table: "ServiceBindings",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationRequestId",
                table: "ServiceBindings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefreshClaimedUntil",
                table: "ConnectionCatalogs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefreshRequestedAt",
                table: "ConnectionCatalogs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefreshRequestedBy",
                table: "ConnectionCatalogs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Deadlines become sortable ticks (the converter's encoding: UTC ticks / 1000, shifted left 11 bits for the
            // offset, which is 0). Done in plain SQL rather than as an AlterColumn, which SQLite would do by rebuilding the
            // table after every other statement of this migration.
            migrationBuilder.AddColumn<long>(
                name: "DeadlineTicks",
                table: "BrokerOperations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
            migrationBuilder.Sql(
                "UPDATE BrokerOperations SET DeadlineTicks = CAST(ROUND((julianday(Deadline) - 1721425.5) * 864000000.0) AS INTEGER) * 2048;");
            migrationBuilder.Sql("ALTER TABLE BrokerOperations DROP COLUMN Deadline;");
            migrationBuilder.Sql("ALTER TABLE BrokerOperations RENAME COLUMN DeadlineTicks TO Deadline;");

            migrationBuilder.AddColumn<bool>(
                name: "AwaitingBroker",
                table: "BrokerOperations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "ConnectionId",
                table: "BrokerOperations",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "InternalFailures",
                table: "BrokerOperations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Superseded",
                table: "BrokerOperations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ConnectionHealth",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BrokerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PublicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    NextProbeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConnectionHealth", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConnectionHealth_ServiceBrokers_BrokerId",
                        column: x => x.BrokerId,
                        principalTable: "ServiceBrokers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing operations go to the connection of their instance.
            migrationBuilder.Sql(
                "UPDATE BrokerOperations SET ConnectionId = COALESCE(" +
                "(SELECT i.PublicationId FROM ServiceInstances i WHERE i.Id = BrokerOperations.InstanceId), BrokerId);");

            // Every existing connection starts healthy.
            migrationBuilder.Sql(
                "INSERT INTO ConnectionHealth (Id, BrokerId, PublicationId, State, Since, ConsecutiveFailures, Version) " +
                "SELECT Id, Id, NULL, 'Healthy', RegisteredAt, 0, Id FROM ServiceBrokers;");
            migrationBuilder.Sql(
                "INSERT INTO ConnectionHealth (Id, BrokerId, PublicationId, State, Since, ConsecutiveFailures, Version) " +
                "SELECT Id, BrokerId, Id, 'Healthy', RequestedAt, 0, Id FROM Publications;");

            migrationBuilder.CreateIndex(
                name: "IX_ConnectionCatalogs_RefreshRequestedAt",
                table: "ConnectionCatalogs",
                column: "RefreshRequestedAt");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_ClaimedUntil",
                table: "BrokerOperations",
                column: "ClaimedUntil");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_ConnectionId_NextAttemptAt",
                table: "BrokerOperations",
                columns: new[] { "ConnectionId", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_Deadline",
                table: "BrokerOperations",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_ConnectionHealth_BrokerId",
                table: "ConnectionHealth",
                column: "BrokerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConnectionHealth");

            migrationBuilder.DropIndex(
                name: "IX_ConnectionCatalogs_RefreshRequestedAt",
                table: "ConnectionCatalogs");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_ClaimedUntil",
                table: "BrokerOperations");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_ConnectionId_NextAttemptAt",
                table: "BrokerOperations");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_Deadline",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "LastOperationCode",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationRequestId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "MaxConcurrentCalls",
                table: "ServiceBrokers");

            migrationBuilder.DropColumn(
                name: "LastOperationCode",
                table: "ServiceBindings");

            migrationBuilder.DropColumn(
                name: "LastOperationRequestId",
                table: "ServiceBindings");

            migrationBuilder.DropColumn(
                name: "RefreshClaimedUntil",
                table: "ConnectionCatalogs");

            migrationBuilder.DropColumn(
                name: "RefreshRequestedAt",
                table: "ConnectionCatalogs");

            migrationBuilder.DropColumn(
                name: "RefreshRequestedBy",
                table: "ConnectionCatalogs");

            migrationBuilder.DropColumn(
                name: "AwaitingBroker",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "ConnectionId",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "InternalFailures",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "Superseded",
                table: "BrokerOperations");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "Deadline",
                table: "BrokerOperations",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAtUtcTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_NextAttemptAt",
                table: "BrokerOperations",
                column: "NextAttemptAt");
        }
    }
}
