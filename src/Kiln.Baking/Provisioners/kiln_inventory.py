# Kiln's inventory plugin: reads the inventory Kiln generates for a bake (AnsibleInventory.cs) as the yaml plugin
# would, but adds Kiln's own groups without Ansible's "Invalid characters were found in group names" warning.
#
# The article names its groups {env}-{category} (dev-api) for `hosts: dev-api` and `--extra-vars group=dev-api`;
# Ansible keeps such a name (TRANSFORM_INVALID_GROUP_CHARS=never, its default) but warns that it contains '-'. The
# warning is about Kiln's choice, not the user's: while this plugin adds Kiln's groups, the setting reads `ignore`
# (keep the name, say nothing); before and after, it is whatever the user set, so a group the user's own inventory
# or playbook (group_by, add_host) names still warns.
from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

DOCUMENTATION = '''
    name: kiln_inventory
    short_description: the inventory Kiln writes for a bake
    description: The host in `all` and in Kiln's groups, with its connection variables.
    options:
      plugin:
        description: kiln_inventory
        required: true
'''


class InventoryModule(BaseInventoryPlugin):
    NAME = 'kiln_inventory'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('.yml', '.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        data = loader.load_from_file(path, cache=False) or {}
        if data.get('plugin') != self.NAME or not isinstance(data.get('all'), dict):
            raise AnsibleParserError('%s is not an inventory Kiln wrote' % path)
        everyone = data['all']
        for name, variables in (everyone.get('hosts') or {}).items():
            inventory.add_host(name, group='all')
            for key, value in (variables or {}).items():
                inventory.set_variable(name, key, value)
        for key, value in (everyone.get('vars') or {}).items():
            inventory.set_variable('all', key, value)
        setting = C.TRANSFORM_INVALID_GROUP_CHARS
        if setting == 'never':
            C.TRANSFORM_INVALID_GROUP_CHARS = 'ignore'
        try:
            for group, body in (everyone.get('children') or {}).items():
                group = inventory.add_group(group)
                for name in ((body or {}).get('hosts') or {}):
                    inventory.add_host(name, group=group)
        finally:
            C.TRANSFORM_INVALID_GROUP_CHARS = setting
