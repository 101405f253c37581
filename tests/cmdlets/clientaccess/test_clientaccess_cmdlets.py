"""The client access cmdlets one by one: the Exchange configuration objects and their views, the
Set- cmdlets' checks, the Test-*Connectivity cmdlets' failures, Invoke-WebRequest's errors and the
Autodiscover exchange. Whole console outputs, one fresh deterministic lab per test."""
from __future__ import annotations

from clientaccess_support import CREATE_TEST_USER, console, screen

PASSWORD = '(ConvertTo-SecureString "P@ssw0rd" -AsPlainText -Force)'
DATABASE = "MBX01\\First Storage Group\\Mailbox Database"
POX_REQUEST = ("$xml = '<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/"
               "requestschema/2006\"><Request><EMailAddress>ajensen@ehlo.dk</EMailAddress></Request></Autodiscover>'")

SERVERS = screen(
    '',
    'Name                Site                 ServerRole  Edition     AdminDisplayVe',
    '                                                                 rsion         ',
    '----                ----                 ----------  -------     --------------',
    'CAS01               ehlo.dk/Configura... ClientAc... Standard    Version 8.1...',
    'CAS02               ehlo.dk/Configura... ClientAc... Standard    Version 8.1...',
    'MBX01               ehlo.dk/Configura... Mailbox     Standard    Version 8.1...',
    '',
    '',
)
SERVER_DETAILS = screen(
    '',
    '',
    'Name                     : MBX01',
    'DataPath                 : C:\\Program Files\\Microsoft\\Exchange Server\\Mailbox',
    'Domain                   : ehlo.dk',
    'Edition                  : Standard',
    'ExchangeLegacyDN         : /o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23',
    '                           SPDLT)/cn=Configuration/cn=Servers/cn=MBX01',
    'Fqdn                     : MBX01.ehlo.dk',
    'IsHubTransportServer     : False',
    'IsClientAccessServer     : False',
    'IsExchange2007OrLater    : True',
    'IsEdgeServer             : False',
    'IsMailboxServer          : True',
    'IsProvisionedServer      : False',
    'IsUnifiedMessagingServer : False',
    'NetworkAddress           : {ncacn_vns_spp:MBX01, netbios:MBX01, ncacn_np:MBX01,',
    '                            ncacn_spx:MBX01, ncacn_ip_tcp:MBX01.ehlo.dk, ncalrp',
    '                           c:MBX01}',
    'AdminDisplayVersion      : Version 8.1 (Build 240.6)',
    'Site                     : ehlo.dk/Configuration/Sites/Default-First-Site-Name',
    'ServerRole               : Mailbox',
    'Identity                 : MBX01',
    'Guid                     : c934a8f3-99b2-4af9-81f7-23045276f2af',
    '',
    '',
    '',
)
CLIENT_ACCESS = screen(
    '',
    'Name                                    OutlookAnywhereEnabled                 ',
    '----                                    ----------------------                 ',
    'CAS01                                   False                                  ',
    'CAS02                                   False                                  ',
    '',
    '',
    '',
    '',
    'Name                           : CAS02',
    'OutlookAnywhereEnabled         : False',
    'AutoDiscoverServiceCN          : CAS02',
    'AutoDiscoverServiceClassName   : ms-Exchange-AutoDiscover-Service',
    'AutoDiscoverServiceGuid        : 77378f46-2c66-4aa9-a6a6-3e7a48b19596',
    'AutoDiscoverServiceInternalUri : https://cas02.ehlo.dk/autodiscover/autodiscove',
    '                                 r.xml',
    'AutoDiscoverSiteScope          : {Default-First-Site-Name}',
    'Identity                       : CAS02',
    'Guid                           : aea384ea-2107-40fb-8565-f81da8f6dcc7',
    '',
    '',
    '',
)
DIRECTORIES = screen(
    '',
    'Name                       Server                     OwaVersion               ',
    '----                       ------                     ----------               ',
    'owa (Default Web Site)     CAS01                      Exchange2007             ',
    'owa (Default Web Site)     CAS02                      Exchange2007             ',
    '',
    '',
    '',
    '',
    'Name         : Microsoft-Server-ActiveSync (Default Web Site)',
    'Server       : CAS02',
    'InternalUrl  : https://cas02.ehlo.dk/Microsoft-Server-ActiveSync',
    'ExternalUrl  : ',
    'MetabasePath : IIS://CAS02.ehlo.dk/W3SVC/1/ROOT/Microsoft-Server-ActiveSync',
    'Identity     : CAS02\\Microsoft-Server-ActiveSync (Default Web Site)',
    '',
    '',
    '',
)
MAILBOXES = screen(
    '',
    'Name                      Alias                ServerName       ProhibitSendQuo',
    '                                                                ta             ',
    '----                      -----                ----------       ---------------',
    'Administrator             Administrator        mbx01            unlimited      ',
    'Anne Jensen               ajensen              mbx01            unlimited      ',
    'Henrik Walther            hwalther             mbx01            unlimited      ',
    'Lars Nielsen              lnielsen             mbx01            unlimited      ',
    '',
    '',
    '',
    '',
    'Database                      : MBX01\\First Storage Group\\Mailbox Database',
    'ExchangeGuid                  : 81510c3e-7c9e-428b-afea-eb9314f6ce14',
    'UseDatabaseQuotaDefaults      : True',
    'IssueWarningQuota             : unlimited',
    'ProhibitSendQuota             : unlimited',
    'ProhibitSendReceiveQuota      : unlimited',
    'ServerLegacyDN                : /o=EHLO/ou=Exchange Administrative Group (FYDIB',
    '                                OHF23SPDLT)/cn=Configuration/cn=Servers/cn=MBX0',
    '                                1',
    'ServerName                    : mbx01',
    'SamAccountName                : ajensen',
    'UserPrincipalName             : ajensen@ehlo.dk',
    'Alias                         : ajensen',
    'OrganizationalUnit            : ehlo.dk/Users',
    'DisplayName                   : Anne Jensen',
    'HiddenFromAddressListsEnabled : False',
    'LegacyExchangeDN              : /o=EHLO/ou=Exchange Administrative Group (FYDIB',
    '                                OHF23SPDLT)/cn=Recipients/cn=ajensen',
    'PrimarySmtpAddress            : ajensen@ehlo.dk',
    'RecipientType                 : UserMailbox',
    'RecipientTypeDetails          : UserMailbox',
    'Identity                      : ehlo.dk/Users/Anne Jensen',
    'Name                          : Anne Jensen',
    'DistinguishedName             : CN=Anne Jensen,CN=Users,DC=ehlo,DC=dk',
    'Guid                          : 7208c3a4-b852-4bbe-99a7-78783220aa11',
    '',
    '',
    '',
)
DATABASES = screen(
    '',
    'Name                      Server            StorageGroup      Recovery         ',
    '----                      ------            ------------      --------         ',
    'Mailbox Database          MBX01             MBX01\\First St... False            ',
    '',
    '',
    '',
    '',
    'Name         : Mailbox Database',
    'Server       : MBX01',
    'StorageGroup : MBX01\\First Storage Group',
    'Recovery     : False',
    'Identity     : MBX01\\First Storage Group\\Mailbox Database',
    '',
    '',
    '',
)


def test_configuration_objects_and_their_views() -> None:
    with console() as c:
        assert c.run("Get-ExchangeServer") == SERVERS
        assert c.run("Get-ExchangeServer mbx01.ehlo.dk | fl") == SERVER_DETAILS
        assert c.run("Get-ClientAccessServer", "Get-ClientAccessServer -Identity CAS02 | Format-List") == CLIENT_ACCESS
        assert c.run("Get-OwaVirtualDirectory", "Get-ActiveSyncVirtualDirectory -Server CAS02 | fl") == DIRECTORIES
        assert c.run("Get-Mailbox", "Get-Mailbox EHLO\\ajensen | fl") == MAILBOXES
        assert c.run("Get-MailboxDatabase", "Get-MailboxDatabase -Server MBX01 | fl") == DATABASES

URLS = screen(
    '',
    '',
    'Name        : owa (Default Web Site)',
    'InternalUrl : https://mail.ehlo.dk/owa',
    'ExternalUrl : https://mail.ehlo.dk/owa',
    '',
    '',
    '',
    "WARNING: The command completed successfully but no settings of 'CAS01\\owa ",
    "(Default Web Site)' have been modified.",
    '',
    '',
    'Name        : owa (Default Web Site)',
    'InternalUrl : https://mail.ehlo.dk/owa',
    'ExternalUrl : ',
    '',
    '',
    '',
)
SETTING_ERRORS = screen(
    "Set-ActiveSyncVirtualDirectory : Cannot bind parameter 'ExternalUrl'. Cannot co",
    'nvert value "mail.ehlo.dk" to type "System.Uri". Error: "Invalid URI: The forma',
    't of the URI could not be determined."',
    'At line:1 char:99',
    '+ Set-ActiveSyncVirtualDirectory "CAS01\\Microsoft-Server-ActiveSync (Default We',
    'b Site)" -ExternalUrl  <<<< mail.ehlo.dk',
    "Get-OabVirtualDirectory : The operation could not be performed because object '",
    "nope' could not be found on domain controller 'dc01.ehlo.dk'.",
    'At line:1 char:24',
    '+ Get-OabVirtualDirectory  <<<< nope',
    'What if: Performing operation "Set-ClientAccessServer" on Target "CAS01".',
    'What if: Performing operation "Set-ClientAccessServer" on Target "CAS02".',
    "Set-ClientAccessServer : The operation could not be performed because object 'M",
    "BX01' could not be found on domain controller 'dc01.ehlo.dk'.",
    'At line:1 char:44',
    '+ Get-ExchangeServer | Set-ClientAccessServer  <<<< -AutoDiscoverServiceInterna',
    'lUri https://autodiscover.ehlo.dk/Autodiscover/Autodiscover.xml -WhatIf',
)


def test_setting_urls_normalises_them_warns_when_nothing_changes_and_refuses_bad_ones() -> None:
    owa = 'Set-OwaVirtualDirectory "CAS01\\owa (Default Web Site)"'
    with console() as c:
        assert c.run(owa + " -InternalUrl HTTPS://Mail.EHLO.dk/owa -ExternalUrl https://mail.ehlo.dk/owa",
                     "Get-OwaVirtualDirectory -Server CAS01 | fl Name,*Url",
                     owa + " -InternalUrl https://mail.ehlo.dk/owa",
                     owa + " -ExternalUrl $null",
                     "Get-OwaVirtualDirectory -Server CAS01 | fl Name,*Url") == URLS
        assert c.run('Set-ActiveSyncVirtualDirectory "CAS01\\Microsoft-Server-ActiveSync (Default Web Site)" '
                     "-ExternalUrl mail.ehlo.dk",
                     "Get-OabVirtualDirectory nope",
                     "Get-ExchangeServer | Set-ClientAccessServer -AutoDiscoverServiceInternalUri "
                     "https://autodiscover.ehlo.dk/Autodiscover/Autodiscover.xml -WhatIf") == SETTING_ERRORS

NEW_MAILBOXES = screen(
    '',
    'Name                      Alias                ServerName       ProhibitSendQuo',
    '                                                                ta             ',
    '----                      -----                ----------       ---------------',
    'Kim Akers                 kim                  mbx01            unlimited      ',
    '',
    '',
    "New-Mailbox : The alias 'kim' is already used by another recipient.",
    'At line:1 char:12',
    '+ New-Mailbox  <<<< -Name "Kim Akers 2" -Alias kim -UserPrincipalName kim2@ehlo',
    '.dk -Password (ConvertTo-SecureString "P@ssw0rd" -AsPlainText -Force) -Database',
    ' "Mailbox Database"',
    "New-Mailbox : The operation could not be performed because object 'Sales' could",
    " not be found on domain controller 'dc01.ehlo.dk'.",
    'At line:1 char:12',
    '+ New-Mailbox  <<<< -Name "X" -UserPrincipalName x@ehlo.dk -Password (ConvertTo',
    '-SecureString "P@ssw0rd" -AsPlainText -Force) -Database "Mailbox Database" -Org',
    'anizationalUnit Sales',
    '',
    'Name                      Alias                ServerName       ProhibitSendQuo',
    '                                                                ta             ',
    '----                      -----                ----------       ---------------',
    'Administrator             Administrator        mbx01            unlimited      ',
    'Anne Jensen               ajensen              mbx01            unlimited      ',
    'WARNING: By default, only the first 2 items are returned. Use the ResultSize ',
    'parameter to specify the number of items returned. To return all items, specify',
    ' "-ResultSize Unlimited". Be aware that, depending on the actual number of ',
    'items, returning all items can take a long time and consume a large amount of ',
    "memory. Also, we don't recommend storing the results in a variable. Instead, ",
    'pipe the results to another task or script to perform batch changes.',
    '',
    '',
)


def test_new_mailbox_and_its_errors_and_the_result_size_cap() -> None:
    with console() as c:
        assert c.run(f'New-Mailbox -Name "Kim Akers" -UserPrincipalName kim@ehlo.dk -Password {PASSWORD} '
                     f'-Database "{DATABASE}"',
                     f'New-Mailbox -Name "Kim Akers 2" -Alias kim -UserPrincipalName kim2@ehlo.dk -Password {PASSWORD} '
                     f'-Database "Mailbox Database"',
                     f'New-Mailbox -Name "X" -UserPrincipalName x@ehlo.dk -Password {PASSWORD} -Database '
                     f'"Mailbox Database" -OrganizationalUnit Sales',
                     "Get-Mailbox -Server MBX01 -ResultSize 2") == NEW_MAILBOXES

NO_TEST_USER = screen(
    'Test-ActiveSyncConnectivity : Could not find or sign in with user EHLO\\CAS_c934',
    'a8f399b24af9. If this task is being run without credentials, sign in as a Domai',
    'n Administrator, and then run Scripts\\new-TestCasConnectivityUser.ps1 to verify',
    ' that the user exists on Mailbox server MBX01.ehlo.dk',
    '',  # the resource string ends with two line breaks (exchange-cmdlets §9.5)
    '',
    'At line:1 char:28',
    '+ Test-ActiveSyncConnectivity <<<< ',
    'WARNING: No Client Access servers were tested.',
    'Test-OwaConnectivity : Could not find or sign in with user EHLO\\CAS_c934a8f399b',
    '24af9. If this task is being run without credentials, sign in as a Domain Admin',
    'istrator, and then run Scripts\\new-TestCasConnectivityUser.ps1 to verify that t',
    'he user exists on Mailbox server MBX01.ehlo.dk',
    '',
    '',
    'At line:1 char:21',
    '+ Test-OwaConnectivity  <<<< -ClientAccessServer CAS02',
    'WARNING: No Client Access servers were tested.',
)


def test_without_the_test_user_nothing_is_tested() -> None:
    with console() as c:
        assert c.run("Test-ActiveSyncConnectivity", "Test-OwaConnectivity -ClientAccessServer CAS02") == NO_TEST_USER

WRONG_PASSWORD = screen(
    'Password for user ehlo\\hwalther: *****',
    '',
    '',
    'Scenario : Options',
    'Result   : Failure',
    'Error    : [System.Net.WebException]: The remote server returned an error: (401',
    '           ) Unauthorized.',
    '',
    '',
    '',
)
STORE_DOWN = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS01      MBX01          Options          Success       194.25                ',
    'CAS01      MBX01          FolderSync       Failure     -1000.00 [System.Net....',
    '',
    '',
    '',
    '',
    'Error : [System.Net.WebException]: The remote server returned an error: (503) S',
    '        ervice Unavailable.',
    '',
    '',
    '',
)
URLS_AND_WHATIF = screen(
    'What if: Do you want to test Exchange ActiveSync connectivity on Client Access server CAS01.ehlo.dk?',
    'Test-ActiveSyncConnectivity : The URL http://mail.ehlo.dk/Microsoft-Server-Acti',
    "veSync doesn't use SSL. To test it, use the AllowUnsecureAccess parameter.",
    'At line:1 char:28',
    '+ Test-ActiveSyncConnectivity  <<<< -URL http://mail.ehlo.dk/Microsoft-Server-A',
    'ctiveSync -LightMode',
    'WARNING: No Client Access servers were tested.',
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'mail       MBX01          Options          Success       202.98                ',
    '',
    '',
)


def test_activesync_stops_at_the_first_failing_scenario() -> None:
    with console() as c:
        c.run(CREATE_TEST_USER, answers=("P@ssw0rd", ""))
        assert c.run("Test-ActiveSyncConnectivity CAS01 -MailboxCredential (Get-Credential ehlo\\hwalther) | "
                     "fl Scenario,Result,Error", answers=("wrong",)) == WRONG_PASSWORD
        c.run("net stop MSExchangeIS", on="MBX01")
        assert c.run("Test-ActiveSyncConnectivity CAS01",
                     "Test-ActiveSyncConnectivity CAS01 | Select-Object -Last 1 | fl Error") == STORE_DOWN
        c.run("net start MSExchangeIS", on="MBX01")
        assert c.run("Test-ActiveSyncConnectivity -WhatIf",
                     "Test-ActiveSyncConnectivity -URL http://mail.ehlo.dk/Microsoft-Server-ActiveSync -LightMode",
                     "Test-ActiveSyncConnectivity -URL https://mail.ehlo.dk/Microsoft-Server-ActiveSync "
                     "-TrustAnySSLCertificate -LightMode") == URLS_AND_WHATIF

OWA_DIRECTORIES = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS02      MBX01          Logon            Success       297.73                ',
    '',
    '',
    'WARNING: No Client Access servers were tested.',
    '',
    '',
    'ClientAccessServer   : CAS01.ehlo.dk',
    'Scenario             : Logon',
    'ScenarioDescription  : Log on to Outlook Web Access and verify the response pag',
    '                       e.',
    'Result               : Success',
    'UserName             : CAS_c934a8f399b24af9',
    'VirtualDirectoryName : owa (Default Web Site)',
    'Url                  : https://cas01.ehlo.dk/owa',
    'UrlType              : Internal',
    '',
    '',
    '',
)


def test_owa_connectivity_tests_the_servers_directories() -> None:
    with console() as c:
        c.run(CREATE_TEST_USER, answers=("P@ssw0rd", ""))
        assert c.run("Test-OwaConnectivity -ClientAccessServer CAS02 -TrustAnySSLCertificate",
                     "Test-OwaConnectivity -ClientAccessServer CAS02 -TestType External",
                     "Test-OwaConnectivity CAS01 | fl ClientAccessServer,Scenario,ScenarioDescription,Result,UserName,"
                     "VirtualDirectoryName,Url,UrlType") == OWA_DIRECTORIES

OWS_LOCAL = screen(
    '',
    '  Id Type        Message                                                       ',
    '  -- ----        -------                                                       ',
    '1003 Information About to test AutoDiscover with the e-mail address Administ...',
    '1006 Information Contacted AutoDiscover at https://cas01.ehlo.dk/autodiscove...',
    '1016 Success     [EXCH]-Successfully contacted the AS service at https://cas...',
    '1015 Success     [EXCH]-Successfully contacted the OAB service at https://ca...',
    '1014 Success     [EXCH]-Successfully contacted the UM service at https://cas...',
    '1006 Success     Successfully tested AutoDiscover.                             ',
    '',
    '',
)
OWS_ERRORS = screen(
    "Test-OutlookWebServices : The operation could not be performed because object '",
    "nobody@ehlo.dk' could not be found on domain controller 'dc01.ehlo.dk'.",
    'At line:1 char:24',
    '+ Test-OutlookWebServices  <<<< nobody@ehlo.dk',
    "Test-OutlookWebServices : The operation could not be performed because object '",
    "MBX01' could not be found on domain controller 'dc01.ehlo.dk'.",
    'At line:1 char:24',
    '+ Test-OutlookWebServices  <<<< hwalther -ClientAccessServer MBX01',
)


def test_outlook_web_services_default_table_and_errors() -> None:
    with console() as c:
        assert c.run("Test-OutlookWebServices") == OWS_LOCAL
        assert c.run("Test-OutlookWebServices nobody@ehlo.dk",
                     "Test-OutlookWebServices hwalther -ClientAccessServer MBX01") == OWS_ERRORS

WEB_ERRORS = screen(
    "Invoke-WebRequest : The remote name could not be resolved: 'webmail.ehlo.dk'",
    'At line:1 char:18',
    '+ Invoke-WebRequest  <<<< https://webmail.ehlo.dk/owa',
    'Invoke-WebRequest : The remote server returned an error: (403) Forbidden.',
    'At line:1 char:18',
    '+ Invoke-WebRequest  <<<< mail.ehlo.dk/owa',
    'VERBOSE: GET https://mail.ehlo.dk/EWS/Exchange.asmx with 0-byte payload',
    'Invoke-WebRequest : The underlying connection was closed: Could not establish t',
    'rust relationship for the SSL/TLS secure channel.',
    'At line:1 char:18',
    '+ Invoke-WebRequest  <<<< https://mail.ehlo.dk/EWS/Exchange.asmx -Verbose',
)
AUTODISCOVER = screen(
    'Invoke-WebRequest : The remote server returned an error: (401) Unauthorized.',
    'At line:1 char:18',
    '+ Invoke-WebRequest  <<<< https://cas01.ehlo.dk/Autodiscover/Autodiscover.xml -',
    'Method Post -Body $xml -ContentType text/xml',
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">',
    '  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">',
    '    <User>',
    '      <DisplayName>Anne Jensen</DisplayName>',
    '      <LegacyDN>/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ajensen</LegacyDN>',
    '      <DeploymentId>174bc1d3-ad4d-41bb-a0db-523795be0be7</DeploymentId>',
    '    </User>',
    '    <Account>',
    '      <AccountType>email</AccountType>',
    '      <Action>settings</Action>',
    '      <Protocol>',
    '        <Type>EXCH</Type>',
    '        <Server>MBX01.ehlo.dk</Server>',
    '        <ServerDN>/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=MBX01</ServerDN>',
    '        <ServerVersion>720180F0</ServerVersion>',
    '        <MdbDN>/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=MBX01/cn=Microsoft Private MDB</MdbDN>',
    '        <ASUrl>https://cas01.ehlo.dk/EWS/Exchange.asmx</ASUrl>',
    '        <OOFUrl>https://cas01.ehlo.dk/EWS/Exchange.asmx</OOFUrl>',
    '        <UMUrl>https://cas01.ehlo.dk/UnifiedMessaging/Service.asmx</UMUrl>',
    '        <OABUrl>http://cas01.ehlo.dk/OAB/85a06c90-a392-420a-af00-25c535ecd6fc/</OABUrl>',
    '      </Protocol>',
    '      <Protocol>',
    '        <Type>WEB</Type>',
    '        <Internal>',
    '          <OWAUrl AuthenticationMethod="Fba">https://cas01.ehlo.dk/owa</OWAUrl>',
    '          <OWAUrl AuthenticationMethod="Fba">https://cas02.ehlo.dk/owa</OWAUrl>',
    '        </Internal>',
    '      </Protocol>',
    '    </Account>',
    '  </Response>',
    '</Autodiscover>',
    '',
)


def test_invoke_webrequest_errors_and_the_autodiscover_exchange() -> None:
    autodiscover = "Invoke-WebRequest https://cas01.ehlo.dk/Autodiscover/Autodiscover.xml -Method Post -Body $xml"
    with console() as c:
        assert c.run("Invoke-WebRequest https://webmail.ehlo.dk/owa", "Invoke-WebRequest mail.ehlo.dk/owa",
                     "Invoke-WebRequest https://mail.ehlo.dk/EWS/Exchange.asmx -Verbose") == WEB_ERRORS
        assert c.run(POX_REQUEST, autodiscover + " -ContentType text/xml",
                     f"({autodiscover} -UseDefaultCredentials).Content") == AUTODISCOVER


SCRIPT_WITH_PASSWORD = screen(
    'Create test user on:  MBX01.ehlo.dk',
    'Control-Break to quit or Enter to continue: ',
    '',
    'Name                      Alias                ServerName       ProhibitSendQuo',
    '                                                                ta             ',
    '----                      -----                ----------       ---------------',
    'CAS_{c934a8f399b24af9}    CAS_{c934a8f399b2... mbx01            unlimited      ',
    'UserPrincipalName:  CAS_c934a8f399b24af9@ehlo.dk',
    '',
    'ClientAccessServer     : MBX01.ehlo.dk',
    'Scenario               : Reset Credentials',
    'ScenarioDescription    : Reset automated credentials for the Client Access test',
    '                          user on Mailbox server MBX01.ehlo.dk.',
    'PerformanceCounterName : ',
    'Result                 : Success',
    'MailboxServer          : MBX01.ehlo.dk',
    'StartTime              : 3/18/2008 10:15:33 AM',
    'Latency                : 00:00:00',
    'SecureAccess           : True',
    'Error                  : ',
    'UserName               : CAS_c934a8f399b24af9',
    'VirtualDirectoryName   : ',
    'Url                    : ',
    'UrlType                : Unknown',
    'EventType              : Success',
    'Port                   : 0',
    'ConnectionType         : Plaintext',
    '',
    'You can um-enable the test user by running this command with the following optional parameters : [-UMDialPlan <dialplanname> -UMExtension <numDigitsInDialplan>] .Either None or Both must be present.',
    '',
    '',
)
SCRIPT_AGAIN = screen(
    'Create test user on:  MBX01.ehlo.dk',
    'Control-Break to quit or Enter to continue: ',
    'UserPrincipalName:  CAS_c934a8f399b24af9@ehlo.dk',
    '',
    '',
    'Scenario : Reset Credentials',
    'Result   : Success',
    'UserName : CAS_c934a8f399b24af9',
    '',
    'You can um-enable the test user by running this command with the following optional parameters : [-UMDialPlan <dialplanname> -UMExtension <numDigitsInDialplan>] .Either None or Both must be present.',
    '',
    '',
)
TESTED_FROM_CAS02 = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS02      MBX01          Options          Success       197.15                ',
    '',
    '',
)


def test_the_test_user_script_takes_a_password_and_only_resets_an_existing_user() -> None:
    with console() as c:
        assert c.run('$pw = ConvertTo-SecureString "Secret1!" -AsPlainText -Force', CREATE_TEST_USER + " -Password $pw",
                     on="MBX01", answers=("",)) == SCRIPT_WITH_PASSWORD
        assert c.run(CREATE_TEST_USER + " -Password $pw | fl Scenario,Result,UserName", on="CAS02",
                     answers=("",)) == SCRIPT_AGAIN
        assert c.run("Test-ActiveSyncConnectivity CAS02 -TrustAnySSLCertificate -LightMode", on="CAS02") == \
            TESTED_FROM_CAS02


BAD_ARGUMENTS = screen(
    'Get-Mailbox : Cannot bind parameter \'ResultSize\'. Cannot convert value "-5" to ',
    'type "Microsoft.Exchange.Data.Unlimited`1[System.UInt32]".',
    'At line:1 char:24',
    '+ Get-Mailbox -ResultSize  <<<< -5',
    'Test-ActiveSyncConnectivity : This task failed to build a user name for Mailbox',
    ' server CAS01.  Please check that the server exists and is correctly configured',
    ' in Active Directory.',
    'At line:1 char:28',
    '+ Test-ActiveSyncConnectivity  <<<< -MailboxServer CAS01',
    'WARNING: No Client Access servers were tested.',
)


def test_a_bad_result_size_and_a_mailbox_server_that_is_none() -> None:
    with console() as c:
        assert c.run("Get-Mailbox -ResultSize -5", "Test-ActiveSyncConnectivity -MailboxServer CAS01") == BAD_ARGUMENTS


TIMEOUTS = screen(
    '',
    'CasServer  MailboxServer  Scenario         Result   Latency(MS) Error          ',
    '---------  -------------  --------         ------   ----------- -----          ',
    'CAS01      MBX01          Options          Success       197.15                ',
    'CAS01      MBX01          FolderSync       Success       219.61                ',
    'CAS01      MBX01          First Sync       Success       180.48                ',
    'CAS01      MBX01          GetItemEstimate  Success       214.90                ',
    'CAS01      MBX01          Sync Data        Success       192.45                ',
    'CAS01      MBX01          Ping             Failure     -1000.00 [System.Net....',
    '',
    '',
    '',
    '',
    'Result  : Success',
    'Latency : 00:00:00.3313980',
    'Error   : ',
    '',
    '',
    '',
)


def test_a_scenario_slower_than_the_timeout_fails() -> None:
    with console() as c:
        c.run(CREATE_TEST_USER, answers=("P@ssw0rd", ""))
        assert c.run("Test-ActiveSyncConnectivity CAS01 -Timeout 1",
                     "Test-OwaConnectivity CAS01 -Timeout 1 | fl Result,Latency,Error") == TIMEOUTS


def test_invoke_webrequest_method_is_the_webrequestmethod_enum() -> None:
    """-Method is typed [WebRequestMethod]: any case binds, a wrong name is a conversion error."""
    with console() as sh:
        assert sh.run("(Invoke-WebRequest http://cas01.ehlo.dk/oab -Method head -UseDefaultCredentials).StatusCode",
                      on="CLIENT01") == screen("200")
        assert sh.run("Invoke-WebRequest http://cas01.ehlo.dk/oab -Method Foo", on="CLIENT01") == screen(
            'Invoke-WebRequest : Cannot bind parameter \'Method\'. Cannot convert value "Foo" ',
            'to type "Microsoft.PowerShell.Commands.WebRequestMethod" due to invalid enumera',
            'tion values. Specify one of the following enumeration values and try again. The',
            ' possible enumeration values are "Default, Get, Head, Post, Put, Delete, Trace,',
            ' Options, Merge, Patch".',
            'At line:1 char:51',
            '+ Invoke-WebRequest http://cas01.ehlo.dk/oab -Method  <<<< Foo',
        )


TIMEOUT_ERRORS = screen(
    'Test-ActiveSyncConnectivity : Cannot bind parameter \'Timeout\'. Cannot convert v',
    'alue "-5" to type "System.UInt32". Error: "Value was either too large or too sm',
    'all for a UInt32."',
    'At line:1 char:37',
    '+ Test-ActiveSyncConnectivity -Timeout  <<<< -5',
    'Test-OwaConnectivity : Cannot bind parameter \'Timeout\'. Cannot convert value "-',
    '5" to type "System.UInt32". Error: "Value was either too large or too small for',
    ' a UInt32."',
    'At line:1 char:36',
    '+ Test-OwaConnectivity CAS01 -Timeout  <<<< -5',
    'Test-ActiveSyncConnectivity : Cannot bind parameter \'Timeout\'. Cannot convert v',
    'alue "5000000000" to type "System.UInt32". Error: "Value was either too large o',
    'r too small for a UInt32."',
    'At line:1 char:37',
    '+ Test-ActiveSyncConnectivity -Timeout  <<<< 5000000000',
    'Test-ActiveSyncConnectivity : Cannot bind parameter \'Timeout\'. Cannot convert v',
    'alue "soon" to type "System.UInt32". Error: "Input string was not in a correct ',
    'format."',
    'At line:1 char:37',
    '+ Test-ActiveSyncConnectivity -Timeout  <<<< soon',
    'Test-OwaConnectivity : Cannot validate argument on parameter \'Timeout\'. The 0 a',
    'rgument is less than the minimum allowed range of 1. Supply an argument that is',
    ' greater than 1 and then try the command again.',
    'At line:1 char:30',
    '+ Test-OwaConnectivity -Timeout  <<<< 0',
    'Test-OwaConnectivity : Cannot validate argument on parameter \'Timeout\'. The 360',
    '0 argument is greater than the maximum allowed range of 3599. Supply an argumen',
    't that is less than 3599 and then try the command again.',
    'At line:1 char:60',
    '+ Test-OwaConnectivity -URL https://mail.ehlo.dk/owa -Timeout  <<<< 3600',
)


def test_timeout_is_a_uint32_and_owa_takes_less_than_an_hour() -> None:
    """-Timeout is [UInt32] on both cmdlets (exchange-cmdlets §9.1, §11): a negative, too large or
    non-numeric value fails binding; Test-OwaConnectivity's must be > 0 and < 3600 (§11)."""
    with console() as c:
        assert c.run("Test-ActiveSyncConnectivity -Timeout -5", "Test-OwaConnectivity CAS01 -Timeout -5",
                     "Test-ActiveSyncConnectivity -Timeout 5000000000", "Test-ActiveSyncConnectivity -Timeout soon",
                     "Test-OwaConnectivity -Timeout 0",
                     "Test-OwaConnectivity -URL https://mail.ehlo.dk/owa -Timeout 3600") == TIMEOUT_ERRORS
        assert "[-Timeout <UInt32>]" in c.run("Get-Command Test-OwaConnectivity -Syntax")


OWA_UNSECURE = screen(
    'Test-OwaConnectivity : The URL http://cas01.ehlo.dk/owa doesn\'t use SSL. To tes',
    't it, use the AllowUnsecureAccess parameter.',
    'At line:1 char:21',
    '+ Test-OwaConnectivity  <<<< -URL http://cas01.ehlo.dk/owa',
    'WARNING: No Client Access servers were tested.',
    '',
    '',
    'Url          : http://cas01.ehlo.dk/owa',
    'SecureAccess : False',
    'Result       : Failure',
    'Error        : [System.Net.WebException]: The remote server returned an error: ',
    '               (403) Forbidden.',
    '',
    '',
    '',
)
OWA_UNSECURE_DIRECTORY = screen(
    'Test-OwaConnectivity : The URL http://cas02.ehlo.dk/owa doesn\'t use SSL. To tes',
    't it, use the AllowUnsecureAccess parameter.',
    'At line:1 char:21',
    '+ Test-OwaConnectivity  <<<< CAS02',
    'WARNING: No Client Access servers were tested.',
    '',
    '',
    'ClientAccessServer : CAS02.ehlo.dk',
    'Url                : http://cas02.ehlo.dk/owa',
    'SecureAccess       : False',
    'Result             : Failure',
    'Error              : [System.Net.WebException]: The remote server returned an e',
    '                     rror: (403) Forbidden.',
    '',
    '',
    '',
)


def test_owa_tests_http_only_with_allow_unsecure_access() -> None:
    """An http:// -URL fails as Test-ActiveSyncConnectivity's does; a directory without SSL is
    skipped with that error (exchange-cmdlets §11); -AllowUnsecureAccess tests them over http."""
    with console() as c:
        c.run(CREATE_TEST_USER, answers=("P@ssw0rd", ""))
        assert c.run("Test-OwaConnectivity -URL http://cas01.ehlo.dk/owa",
                     "Test-OwaConnectivity -URL http://cas01.ehlo.dk/owa -AllowUnsecureAccess | "
                     "fl Url,SecureAccess,Result,Error") == OWA_UNSECURE
        assert c.run("Set-OwaVirtualDirectory 'CAS02\\owa (Default Web Site)' -InternalUrl http://cas02.ehlo.dk/owa",
                     "Test-OwaConnectivity CAS02",
                     "Test-OwaConnectivity CAS02 -AllowUnsecureAccess | "
                     "fl ClientAccessServer,Url,SecureAccess,Result,Error") == OWA_UNSECURE_DIRECTORY
