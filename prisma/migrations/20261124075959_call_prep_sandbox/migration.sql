-- CreateTable
CREATE TABLE "SandboxCrmWrite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contactId" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SandboxCrmWrite_contactId_idx" ON "SandboxCrmWrite"("contactId");

