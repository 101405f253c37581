# ehlo-part3.ps1 - the walkthrough of "Load Balancing Exchange 2007 Client Access Servers using
# Windows Network Load-Balancing Technology - Part 3: Creating Certificates and Testing Client
# Services", run against the ehlo.dk lab:
#
#     emshell --fresh --deterministic scripts/ehlo-part3.ps1
#
# The article's commands are kept as printed (en dashes and curly quotes included). Where the
# article uses a GUI (the certsrv web pages, the Certificates MMC snap-in, a browser, Outlook),
# the script uses the command-line equivalent and says so. The shell starts on CAS01; the steps
# the article takes on another computer are wrapped in Enter-PSSession / Exit-PSSession.
#
# PowerShell formats all of a script's output as one stream, so a table started by the first
# command would swallow the others (and a later `| FL` would clash with it). Each command whose
# output we want to read is therefore piped to Out-Default, which formats it on its own, as it
# would appear at the prompt.

# -- 1. Generate the SAN certificate request on CAS01 ------------------------------------------
# The pending request (with its private key) stays in CAS01's request store; the shell lists it.
New-ExchangeCertificate –GenerateRequest –SubjectName “C=dk, O=EHLO organization, CN=mailehlo.dk” –DomainName mail.ehlo.dk, autodiscover.ehlo.dk, cas01.ehlo.dk, cas02.ehlo.dk –FriendlyName “CAS SAN Certificate” –KeySize 1024 –Path c:\CAS_SAN_cert.req –PrivateKeyExportable:$true | Out-Default

# -- 2. Let the CA honour SAN attributes, then restart Certificate Services (on DC01) -----------
# The flag only matters for SAN names sent as a request attribute (KB 931351); the request's own
# SAN extension is kept by the Web Server template either way, but the article sets it.
Enter-PSSession -ComputerName DC01
Certutil –setreg policy\EditFlags +EDITF_ATTRIBUTESUBJECTALTNAME2
Restart-Service certsvc
Get-Service certsvc | Out-Default

# -- 3. Submit the request with the Web Server template -----------------------------------------
# The article pastes the request into http://dc01/certsrv and downloads the Base 64 encoded
# chain as certnew.p7b; certreq does the same from the command line and writes the chain
# straight to CAS01's C: drive.
certreq -submit -attrib "CertificateTemplate:WebServer" \\cas01\c$\CAS_SAN_cert.req \\cas01\c$\certnew.cer \\cas01\c$\certnew.p7b
Exit-PSSession

# -- 4. Import the issued certificate on CAS01, check it, enable it ------------------------------
$certificate = Import-ExchangeCertificate –Path c:\certnew.p7b
$certificate | Out-Default
Get-ExchangeCertificate -Thumbprint $certificate.Thumbprint | FL | Out-Default
Enable-ExchangeCertificate –Thumbprint $certificate.Thumbprint -Services “IIS, POP, IMAP”
Get-ExchangeCertificate | Out-Default

# -- 5. Export it with its private key and copy it to CAS02 --------------------------------------
# The article uses the Certificates MMC snap-in. At the console you would type the password at a
# prompt with -Password:(Get-Credential).password, as the article does on CAS02; this script
# must run unattended, so the password comes from ConvertTo-SecureString.
$password = ConvertTo-SecureString "P@ssw0rd" -AsPlainText -Force
Export-ExchangeCertificate -Thumbprint $certificate.Thumbprint -Path c:\exported_cert.pfx -Password $password
Copy-Item c:\exported_cert.pfx \\cas02\c$\

# -- 6. Import and enable it on CAS02 -------------------------------------------------------------
Enter-PSSession -ComputerName CAS02
Import-ExchangeCertificate –Path c:\exported_cert.pfx –Password $password | Out-Default
Enable-ExchangeCertificate –Thumbprint $certificate.Thumbprint -Services “IIS, POP, IMAP”
Get-ExchangeCertificate | Out-Default
Exit-PSSession

# -- 7. OWA through the cluster name, from a client ----------------------------------------------
# The article browses to https://mail.ehlo.dk/owa; Invoke-WebRequest shows the same thing: the
# logon page comes without a certificate warning, served by the first node.
Enter-PSSession -ComputerName CLIENT01
$owa = Invoke-WebRequest https://mail.ehlo.dk/owa
"OWA through the cluster: $($owa.StatusCode) $($owa.StatusDescription), served by $($owa.Headers['X-FEServer'])"
Exit-PSSession

# -- 8. Failover: disable CAS01's NLB adapter, CAS02 takes over ----------------------------------
netsh interface set interface name="NLB LAN" admin=disabled
Get-NlbClusterNode -HostName CAS02 | Out-Default
Enter-PSSession -ComputerName CLIENT01
$owa = Invoke-WebRequest https://mail.ehlo.dk/owa
"OWA through the cluster: $($owa.StatusCode) $($owa.StatusDescription), served by $($owa.Headers['X-FEServer'])"
Exit-PSSession
netsh interface set interface name="NLB LAN" admin=enabled
Get-NlbClusterNode | Out-Default

# -- 9. Exchange ActiveSync through both Client Access servers -----------------------------------
# At the console Test-ActiveSyncConnectivity signs in as the test mailbox that Exchange's
# new-TestCasConnectivityUser.ps1 creates (it prompts, so it has no place in an unattended
# script); here it signs in as a user of the article's organisation instead.
$mailbox = New-Object System.Management.Automation.PSCredential "ehlo\hwalther", $password
Test-ActiveSyncConnectivity –ClientAccessServer CAS01 -MailboxCredential $mailbox | Out-Default
Test-ActiveSyncConnectivity –ClientAccessServer CAS02 -MailboxCredential $mailbox | Out-Default

# -- 10. Autodiscover through the cluster names --------------------------------------------------
# Outlook's Test E-mail AutoConfiguration has a shell counterpart, Test-OutlookWebServices. The
# Autodiscover and web services URLs are pointed at the names the SAN certificate carries.
Get-ClientAccessServer | Set-ClientAccessServer -AutoDiscoverServiceInternalUri https://autodiscover.ehlo.dk/Autodiscover/Autodiscover.xml
Get-WebServicesVirtualDirectory | Set-WebServicesVirtualDirectory -InternalUrl https://mail.ehlo.dk/EWS/Exchange.asmx
Get-OabVirtualDirectory | Set-OabVirtualDirectory -InternalUrl https://mail.ehlo.dk/OAB
Get-UMVirtualDirectory | Set-UMVirtualDirectory -InternalUrl https://mail.ehlo.dk/UnifiedMessaging/Service.asmx
Test-OutlookWebServices -Identity hwalther@ehlo.dk | Out-Default
