# new-TestCasConnectivityUser.ps1 (emshell's version of the Exchange 2007 script)
#
# Creates, on each mailbox server, the test user that Test-ActiveSyncConnectivity and
# Test-OwaConnectivity sign in with when they are run without -MailboxCredential: the user
# CAS_{<16 hex digits of the server's GUID>} with a mailbox in the server's last database, then
# gives it a new password that the test cmdlets remember
# (Test-ActiveSyncConnectivity -ResetTestAccountCredentials).
#
# Usage: & $exscripts\new-TestCasConnectivityUser.ps1 [-OU <OrganizationalUnit>] [-Password <SecureString>]

param([string]$OU = "Users", $Password = $null)

if ($Password -eq $null)
{
    Write-Host "Please enter a temporary secure password for creating test users.  For security, the password will be changed regularly and automatically by the system."
    $Password = Read-Host "Enter password" -AsSecureString
}

foreach ($server in Get-ExchangeServer | Where-Object { $_.IsMailboxServer })
{
    Write-Host ("Create test user on:  " + $server.Fqdn)
    $ignored = Read-Host "Control-Break to quit or Enter to continue"

    $digits = $server.Guid.ToString().Replace("-", "").Substring(0, 16)
    $name = "CAS_{" + $digits + "}"
    $samAccountName = "CAS_" + $digits
    $upn = $samAccountName + "@" + $server.Domain

    if ((Get-Mailbox $upn -ErrorAction SilentlyContinue) -eq $null)
    {
        $databases = @(Get-MailboxDatabase -Server $server)
        New-Mailbox -Name $name -Alias $name -UserPrincipalName $upn -SamAccountName $samAccountName -Password $Password -Database $databases[-1] -OrganizationalUnit $OU
    }

    if ((Get-Mailbox $upn -ErrorAction SilentlyContinue) -eq $null)
    {
        Write-Host ("Mailbox could not be created. Verify that OU ( " + $OU + " ) exists and that password meets complexity requirements.")
    }
    else
    {
        Write-Host ("UserPrincipalName:  " + $upn)
        Test-ActiveSyncConnectivity -ResetTestAccountCredentials -MailboxServer $server
    }
}

Write-Host "You can um-enable the test user by running this command with the following optional parameters : [-UMDialPlan <dialplanname> -UMExtension <numDigitsInDialplan>] .Either None or Both must be present."
