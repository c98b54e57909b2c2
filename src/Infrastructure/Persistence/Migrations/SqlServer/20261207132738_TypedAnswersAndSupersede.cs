using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TypedAnswersAndSupersede : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastOperationCode",
                table: "ServiceInstances",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationRequestId",
                table: "ServiceInstances",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationCode",
                table: "ServiceBindings",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationRequestId",
                table: "ServiceBindings",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConnectionId",
                table: "BrokerOperations",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "InternalFailures",
                table: "BrokerOperations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Superseded",
                table: "BrokerOperations",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // Operations in flight before this migration go to the connection of their instance.
            migrationBuilder.Sql(
                "UPDATE BrokerOperations SET ConnectionId = COALESCE((SELECT i.PublicationId FROM ServiceInstances i WHERE i.Id = BrokerOperations.InstanceId), BrokerId);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastOperationCode",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationRequestId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationCode",
                table: "ServiceBindings");

            migrationBuilder.DropColumn(
                name: "LastOperationRequestId",
                table: "ServiceBindings");

            migrationBuilder.DropColumn(
                name: "ConnectionId",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "InternalFailures",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "Superseded",
                table: "BrokerOperations");
        }
    }
}
